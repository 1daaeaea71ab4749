import { useEffect, useRef, useState } from "preact/hooks";
import type { RevisitError } from "../../shared/contract";
import { errorText, t } from "../i18n";
import type { BlockProps } from "./props";

/**
 * One survey question (radio group or checkboxes) in a native form, so keyboard and screen
 * readers work without extra code. After an answer the experience is re-fetched (the next
 * question or none) and focus moves to the new question or the thank-you line, never to <body>.
 */
export function Survey({ exp, l, ctx }: BlockProps) {
  const s = exp.survey;
  const [sel, setSel] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState("");
  const [answered, setAnswered] = useState(0);
  const focus = useRef<HTMLElement | null>(null);
  const setFocus = (el: HTMLElement | null) => void (focus.current = el);
  const moveFocus = useRef(false);
  const qid = s ? `${s.surveyId}/${s.questionId}` : "";

  useEffect(() => setSel([]), [qid]);
  useEffect(() => {
    if (moveFocus.current && focus.current) {
      moveFocus.current = false;
      focus.current.focus();
    }
  });

  if (!s) {
    return answered ? (
      <p class="thanks" data-testid="revisit-survey-thanks" role="status" tabIndex={-1} ref={setFocus}>
        {t(l, "thanks")}
      </p>
    ) : null;
  }

  const multi = s.type === "multi";
  const pick = (id: string, on: boolean) => setSel(multi ? (on ? [...sel, id] : sel.filter((x) => x !== id)) : [id]);

  async function submit(e: Event) {
    e.preventDefault();
    if (busy || !s) return;
    if (!sel.length) return setErr(t(l, "choose"));
    setBusy(true);
    setErr("");
    try {
      await ctx.api(`/v1/surveys/${encodeURIComponent(s.surveyId)}/responses`, { questionId: s.questionId, answers: sel });
      await ctx.refresh();
      moveFocus.current = true;
      setAnswered((n) => n + 1);
    } catch (x) {
      const e2 = x as RevisitError;
      setErr(errorText(l, e2.code));
      ctx.fail(e2);
    }
    setBusy(false);
  }

  return (
    <section class="box" data-testid="revisit-survey">
      <form onSubmit={submit} noValidate>
        <fieldset>
          <legend tabIndex={-1} ref={setFocus}>
            {s.prompt}
          </legend>
          {s.options.map((o) => (
            <label key={o.id} class="opt">
              <input
                type={multi ? "checkbox" : "radio"}
                name={`rv-${s.questionId}`}
                value={o.id}
                checked={sel.includes(o.id)}
                onChange={(e) => pick(o.id, (e.currentTarget as HTMLInputElement).checked)}
              />
              {o.label}
            </label>
          ))}
        </fieldset>
        {err && (
          <p class="err" role="alert">
            {err}
          </p>
        )}
        <button class="btn" type="submit" aria-disabled={busy}>
          {t(l, "submit")}
        </button>
      </form>
    </section>
  );
}
