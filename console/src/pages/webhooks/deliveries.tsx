import { useEffect, useState } from "preact/hooks";
import { useCanEdit } from "../../app";
import { errorMessage } from "../../errors";
import { useI18n, usePageMessages } from "../../i18n/i18n";
import { type Delivery, type DeliveryStatus, listDeliveries, replayAllDead, replayDelivery } from "./api";
import { messages } from "./messages";

type Kind = "log" | "dead";

/**
 * The delivery log (every delivery, newest first, filterable by status) or the dead letters (with
 * Replay on each and Replay all). Pages of PAGE_SIZE rows; "Show older" appends the next page.
 * `version` changes when something elsewhere on the page changed the outbox (a test, a replay),
 * and `onChanged` tells the page this list changed it.
 */
export function DeliveryList(props: { kind: Kind; version: number; onChanged: () => void }) {
  const page = usePageMessages(messages);
  const { t, f } = useI18n();
  const canEdit = useCanEdit();
  const [status, setStatus] = useState<DeliveryStatus | null>(null);
  const [rows, setRows] = useState<Delivery[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [note, setNote] = useState("");
  const [attempt, setAttempt] = useState(0);
  const words = props.kind === "dead" ? page.dead : page.log;
  const id = `wh-${props.kind}`;

  useEffect(() => {
    let live = true;
    setError(null);
    listDeliveries(props.kind, status, null)
      .then((p) => {
        if (!live) return;
        setRows(p.deliveries);
        setNext(p.nextCursor);
      })
      .catch((e) => live && setError(e));
    return () => {
      live = false;
    };
  }, [props.kind, status, props.version, attempt]);

  const more = async () => {
    if (!next) return;
    setBusy("more");
    try {
      const p = await listDeliveries(props.kind, status, next);
      setRows((r) => [...(r ?? []), ...p.deliveries]);
      setNext(p.nextCursor);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  const replay = async (d: Delivery | null) => {
    setBusy(d?.id ?? "all");
    setNote("");
    try {
      if (d) {
        await replayDelivery(d.id);
        setNote(page.dead.replayed(d.endpoint));
      } else {
        const { replayed } = await replayAllDead();
        setNote(page.dead.replayedAll(f.number(replayed)));
      }
      props.onChanged();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  const answer = (d: Delivery) => (d.lastStatus !== null ? `HTTP ${d.lastStatus}` : (d.lastError ?? page.log.none));

  return (
    <section class="card" aria-labelledby={`${id}-title`}>
      <div class="list-head">
        <h2 id={`${id}-title`}>{words.title}</h2>
        <div class="list-tools">
          {props.kind === "log" && (
            <div class="field inline">
              <label for={`${id}-status`}>{page.log.filter}</label>
              <select id={`${id}-status`} value={status ?? ""} onChange={(e) => setStatus((e.currentTarget.value || null) as DeliveryStatus | null)}>
                <option value="">{page.log.allStatuses}</option>
                <option value="pending">{page.status.pending}</option>
                <option value="delivered">{page.status.delivered}</option>
                <option value="dead">{page.status.dead}</option>
              </select>
            </div>
          )}
          <button type="button" class="button secondary" onClick={() => setAttempt((n) => n + 1)}>
            {page.log.refresh}
          </button>
          {props.kind === "dead" && canEdit && rows && rows.length > 0 && (
            <button type="button" class="button primary" disabled={busy !== null} onClick={() => replay(null)}>
              {page.dead.replayAll}
            </button>
          )}
        </div>
      </div>
      <p class="hint">{words.intro}</p>
      <p class="notice-line" role="status">
        {note}
      </p>
      {error ? (
        <div role="alert">
          <p class="form-error">{errorMessage(t, error)}</p>
          <button type="button" class="button secondary" onClick={() => setAttempt((n) => n + 1)}>
            {t.forms.retry}
          </button>
        </div>
      ) : rows === null ? (
        <p class="muted" role="status">
          {t.loading}
        </p>
      ) : rows.length === 0 ? (
        <p class="muted">{words.empty}</p>
      ) : (
        <div class="table-wrap">
          <table class="data deliveries" aria-labelledby={`${id}-title`}>
            <thead>
              <tr>
                <th scope="col">{page.log.event}</th>
                <th scope="col">{page.log.endpoint}</th>
                <th scope="col">{page.log.status}</th>
                <th scope="col" class="num">
                  {page.log.attempts}
                </th>
                <th scope="col">{page.log.lastAnswer}</th>
                <th scope="col">{page.log.time}</th>
                {props.kind === "dead" && canEdit && <th scope="col">{page.dead.action}</th>}
              </tr>
            </thead>
            <tbody>
              {rows.map((d) => (
                <tr key={d.id} data-delivery={d.id}>
                  <td data-label={page.log.event}>
                    <code dir="ltr">{d.type}</code>
                  </td>
                  <td class="endpoint" data-label={page.log.endpoint}>
                    <bdi dir="ltr">{d.endpoint}</bdi>
                  </td>
                  <td data-label={page.log.status}>
                    <span class={`status ${d.status}`}>{page.status[d.status]}</span>
                  </td>
                  <td class="num" data-label={page.log.attempts}>
                    {f.number(d.attempts)}
                  </td>
                  <td class="answer" data-label={page.log.lastAnswer}>
                    <bdi dir="ltr">{answer(d)}</bdi>
                  </td>
                  <td data-label={page.log.time}>
                    <time dateTime={d.updatedAt}>{f.dateTime(d.updatedAt)}</time>
                  </td>
                  {props.kind === "dead" && canEdit && (
                    <td class="action">
                      <button type="button" class="button secondary" disabled={busy !== null} aria-label={page.dead.replayOne(d.type, d.endpoint)} onClick={() => replay(d)}>
                        {page.dead.replay}
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {next && (
        <button type="button" class="button secondary" disabled={busy !== null} onClick={more}>
          {page.log.older}
        </button>
      )}
    </section>
  );
}
