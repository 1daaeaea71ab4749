import { useRef, useState } from "preact/hooks";
import { ApiFailure } from "../../api";
import { errorMessage, fieldErrors } from "../../errors";
import { Field } from "../../field";
import { useI18n, usePageMessages } from "../../i18n/i18n";
import { adjustPoints, balanceOf, getCustomer, isRefusal, type LedgerLine } from "./api";
import { messages } from "./messages";
import { signed } from "./points";

/** The most points one adjustment may move either way (the API's bound). */
const MAX_POINTS = 1_000_000;
/** The longest reason the API takes. */
const MAX_REASON = 200;

/** Arabic-Indic and Persian digits (what an Arabic or Persian keyboard types) as 0–9. */
const asciiDigits = (s: string) => s.replace(/[\u0660-\u0669\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) & 0xf));

/** A signed figure kept left to right inside an Arabic or Persian sentence (+50 must not read as 50+). */
const isolated = (s: string) => `\u2066${s}\u2069`;

type Errors = { points?: string; reason?: string };
type Status = { kind: "ok" | "error"; text: string } | null;

/**
 * Adds or takes points with a reason. Each submission carries an `Idempotency-Key` made once for
 * exactly what was typed: pressing the button again after a lost answer (network, server error)
 * sends the same key, so the API applies it at most once; changing the points or the reason makes
 * a new adjustment with a new key. A failure keeps everything typed; problems sit at their fields.
 */
export function AdjustForm(props: { id: string; balance: number; onAdjusted: (line: LedgerLine, balance: number | null) => void }) {
  const page = usePageMessages(messages);
  const { t, f } = useI18n();
  const a = page.adjust;
  const [points, setPoints] = useState("");
  const [reason, setReason] = useState("");
  const [errors, setErrors] = useState<Errors>({});
  const [status, setStatus] = useState<Status>(null);
  const [busy, setBusy] = useState(false);
  // The key of the submission in flight or last failed, and what it was for.
  const pendingKey = useRef<{ key: string; body: string } | null>(null);

  const check = (): { n: number; why: string; problems: Errors } => {
    const problems: Errors = {};
    const text = asciiDigits(points.trim()).replace(/^\u2212/, "-");
    const n = /^[+-]?\d+$/.test(text) ? Number(text) : Number.NaN;
    if (text === "") problems.points = t.errors.required;
    else if (!Number.isInteger(n) || n === 0) problems.points = a.notZero;
    else if (Math.abs(n) > MAX_POINTS) problems.points = a.tooMany(f.number(MAX_POINTS));
    else if (n < 0 && -n > props.balance) problems.points = a.short(f.number(props.balance));
    const why = reason.trim();
    if (why === "") problems.reason = t.errors.required;
    else if (why.length > MAX_REASON) problems.reason = t.errors.issues.tooLong(f.number(MAX_REASON));
    return { n, why, problems };
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    setStatus(null);
    const { n, why, problems } = check();
    setErrors(problems);
    if (problems.points || problems.reason) {
      setStatus({ kind: "error", text: t.forms.fixFields(f.number(Object.keys(problems).length)) });
      return;
    }
    const body = `${n}\n${why}`;
    if (pendingKey.current?.body !== body) pendingKey.current = { key: crypto.randomUUID(), body };
    const key = pendingKey.current.key;
    setBusy(true);
    try {
      const answer = await adjustPoints(props.id, key, n, why);
      pendingKey.current = null;
      const adj = answer.adjustment;
      const balance = balanceOf(answer);
      props.onAdjusted({ source: `adjust:${adj.idempotencyKey}`, kind: "adjust", points: adj.points, at: Date.parse(adj.at), reason: adj.reason }, balance);
      setPoints("");
      setReason("");
      setStatus({ kind: "ok", text: a.done(isolated(signed(f.number, adj.points)), f.number(balance ?? props.balance + adj.points)) });
    } catch (err) {
      const fields = fieldErrors(err);
      const atFields: Errors = { points: fields.points, reason: fields.reason };
      if (isRefusal(err)) {
        // Nothing was written: the same key would be refused again, so the next press is a new adjustment.
        pendingKey.current = null;
        const now = await getCustomer(props.id).catch(() => null);
        const left = now?.loyalty.points ?? null;
        if (n < 0 && left !== null && -n > left) atFields.points = a.short(f.number(left));
      }
      setErrors(atFields);
      const lost = err instanceof ApiFailure && (err.status === 0 || err.status >= 500);
      setStatus({ kind: "error", text: atFields.points && !fields.points ? a.notApplied : lost ? a.retrySafe(errorMessage(t, err)) : errorMessage(t, err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="adjust-form" aria-labelledby="adjust-title" onSubmit={submit} noValidate>
      <h3 id="adjust-title">{a.title}</h3>
      <p class="hint">{a.intro}</p>
      <div class="adjust-fields">
        <Field
          id="adjust-points"
          label={a.points}
          hint={a.pointsHint}
          error={errors.points}
          type="text"
          dir="ltr"
          autoComplete="off"
          value={points}
          onInput={(e) => setPoints(e.currentTarget.value)}
        />
        <Field
          id="adjust-reason"
          label={a.reason}
          hint={a.reasonHint}
          error={errors.reason}
          type="text"
          dir="auto"
          maxLength={MAX_REASON}
          autoComplete="off"
          value={reason}
          onInput={(e) => setReason(e.currentTarget.value)}
        />
      </div>
      <div class="form-actions">
        <button type="submit" class="button primary" disabled={busy}>
          {busy ? a.saving : a.submit}
        </button>
        <p class="save-status adjust-done" role="status">
          {status?.kind === "ok" ? status.text : ""}
        </p>
        <p class="save-status field-error" role="alert">
          {status?.kind === "error" ? status.text : ""}
        </p>
      </div>
    </form>
  );
}
