import { useEffect, useRef, useState } from "preact/hooks";
import { useCanEdit } from "../../app";
import { errorMessage } from "../../errors";
import { useI18n, usePageMessages } from "../../i18n/i18n";
import { type Delivery, getDelivery, sendTestEvent } from "./api";
import { messages } from "./messages";

/** How often a sent test is looked at again while it is on its way, and for how long at most. */
const POLL_MS = 1_000;
const POLL_TIMES = 30;

/**
 * "Send test event": a signed `webhook.test` to one saved endpoint or to all of them, then each
 * delivery's result as the outbox reports it (delivered, or failed with the endpoint's answer and
 * a pointer to the dead letters, where Replay sends it again). Only saved endpoints can be tested:
 * the API sends to configured URLs only.
 */
export function TestSend(props: { endpoints: string[]; onResult: () => void }) {
  const page = usePageMessages(messages);
  const { t } = useI18n();
  const canEdit = useCanEdit();
  const [target, setTarget] = useState("");
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [sent, setSent] = useState<Delivery[]>([]);
  const live = useRef(true);
  useEffect(
    () => () => {
      live.current = false;
    },
    [],
  );

  const send = async () => {
    setSending(true);
    setError(null);
    setSent([]);
    try {
      const answer = await sendTestEvent(target || null);
      if (!live.current) return;
      setSent(answer.deliveries);
      let now = answer.deliveries;
      for (let n = 0; n < POLL_TIMES && now.some((d) => d.status === "pending"); n++) {
        await new Promise((r) => setTimeout(r, POLL_MS));
        now = await Promise.all(now.map((d) => (d.status === "pending" ? getDelivery(d.id) : d)));
        if (!live.current) return;
        setSent(now);
      }
      props.onResult();
    } catch (e) {
      if (live.current) setError(e);
    } finally {
      if (live.current) setSending(false);
    }
  };

  if (!canEdit) return null;
  return (
    <section class="card" aria-labelledby="wh-test-title">
      <h2 id="wh-test-title">{page.test.title}</h2>
      <p class="hint">{page.test.intro}</p>
      {props.endpoints.length === 0 ? (
        <p class="muted">{page.test.noneSaved}</p>
      ) : (
        <div class="test-controls">
          <div class="field inline">
            <label for="wh-test-target">{page.test.target}</label>
            <select id="wh-test-target" value={target} onChange={(e) => setTarget(e.currentTarget.value)}>
              <option value="">{page.test.allEndpoints}</option>
              {props.endpoints.map((url) => (
                <option key={url} value={url} dir="ltr">
                  {url}
                </option>
              ))}
            </select>
          </div>
          <button type="button" class="button primary" disabled={sending} onClick={send}>
            {sending ? page.test.sending : page.test.send}
          </button>
        </div>
      )}
      <div role="status" aria-live="polite">
        {error ? <p class="form-error">{errorMessage(t, error)}</p> : null}
        {sent.length > 0 && (
          <ul class="test-results">
            {sent.map((d) => (
              <li key={d.id} class={`result ${d.status}`} data-delivery={d.id}>
                <span class="endpoint" dir="ltr">
                  {d.endpoint}
                </span>
                <span>{d.status === "pending" ? page.test.pending : d.status === "delivered" ? page.test.delivered(String(d.lastStatus ?? "")) : page.test.failed(d.lastError ?? "")}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
