import { useContext, useRef, useState } from "preact/hooks";
import { request } from "../../api";
import { SessionContext } from "../../app";
import { errorMessage } from "../../errors";
import { Field } from "../../field";
import { useI18n, usePageMessages } from "../../i18n/i18n";
import { CopyButton } from "../../forms/copy-button";
import { messages } from "./messages";

/** `POST /v1/site/keys/rotate` (worker/features/site/site-keys.routes.ts): the new keys, shown once. */
export interface RotatedKeys {
  siteId: string;
  publishableKey: string;
  secretKey: string;
  graceHours: number;
  oldKeysExpireAt: string;
}

/** The API's bounds for the grace period (hours). */
const MAX_GRACE = 168;
/** Arabic-Indic and Persian digits (what those keyboards type) as ASCII. */
const toAscii = (s: string) => s.replace(/[٠-٩۰-۹]/g, (d) => String(Math.max("٠١٢٣٤٥٦٧٨٩".indexOf(d), "۰۱۲۳۴۵۶۷۸۹".indexOf(d))));

/**
 * Key rotation, for the owner only (editors and viewers do not see it; the API refuses them too):
 * choose how long the old keys keep working, confirm in a dialog, then see the new keys once,
 * with Copy buttons and a warning that they cannot be shown again (only their hashes are kept).
 */
export function KeyRotation(props: { onRotated: (keys: RotatedKeys) => void }) {
  const page = usePageMessages(messages);
  const { t, f } = useI18n();
  const session = useContext(SessionContext);
  const [grace, setGrace] = useState("24");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [keys, setKeys] = useState<RotatedKeys | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);

  if (session?.role !== "owner") return null;
  const hours = Number(toAscii(grace.trim()));
  const graceError = grace.trim() === "" || !Number.isInteger(hours) || hours < 0 || hours > MAX_GRACE ? page.keys.graceInvalid(f.number(0), f.number(MAX_GRACE)) : undefined;

  const rotate = async () => {
    setBusy(true);
    setError(null);
    try {
      const answer = await request<RotatedKeys>("POST", "/v1/site/keys/rotate", { graceHours: hours });
      setKeys(answer);
      props.onRotated(answer);
      dialog.current?.close();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const until = keys ? f.dateTime(keys.oldKeysExpireAt) : "";

  return (
    <section class="card" aria-labelledby="keys-title">
      <h2 id="keys-title">{page.keys.title}</h2>
      <p class="hint">{page.keys.intro}</p>
      <div class="key-controls">
        <Field
          id="keys-grace"
          label={page.keys.grace}
          hint={page.keys.graceHint(f.number(0), f.number(MAX_GRACE))}
          error={graceError}
          inputMode="numeric"
          value={grace}
          onInput={(e) => setGrace(e.currentTarget.value)}
        />
        <button type="button" class="button primary" disabled={!!graceError || busy} onClick={() => dialog.current?.showModal()}>
          {page.keys.rotate}
        </button>
      </div>
      <dialog ref={dialog} aria-labelledby="keys-confirm-title" aria-describedby="keys-confirm-text">
        <h2 id="keys-confirm-title">{page.keys.confirmTitle}</h2>
        <p id="keys-confirm-text">{hours === 0 ? page.keys.confirmNow : page.keys.confirmGrace(f.number(hours))}</p>
        {error ? (
          <p class="form-error" role="alert">
            {errorMessage(t, error)}
          </p>
        ) : null}
        <div class="row-actions">
          <button type="button" class="button primary" disabled={busy} onClick={rotate}>
            {busy ? page.keys.rotating : page.keys.confirm}
          </button>
          <button type="button" class="button secondary" onClick={() => dialog.current?.close()}>
            {page.keys.cancel}
          </button>
        </div>
      </dialog>
      {keys && (
        <section class="new-keys" aria-labelledby="new-keys-title">
          <h3 id="new-keys-title">{page.keys.newTitle}</h3>
          <p class="warning" role="alert">
            {page.keys.onceWarning}
          </p>
          <dl>
            <dt>{page.keys.publishable}</dt>
            <dd>
              <code dir="ltr" id="new-publishable-key">
                {keys.publishableKey}
              </code>
              <CopyButton id="copy-publishable" text={keys.publishableKey} label={page.keys.copyPublishable} />
            </dd>
            <dt>{page.keys.secret}</dt>
            <dd>
              <code dir="ltr" id="new-secret-key">
                {keys.secretKey}
              </code>
              <CopyButton id="copy-secret" text={keys.secretKey} label={page.keys.copySecret} />
            </dd>
          </dl>
          <p>{keys.graceHours === 0 ? page.keys.endedNow : page.keys.oldUntil(until)}</p>
          <p class="hint">{page.keys.sessionNote}</p>
        </section>
      )}
    </section>
  );
}
