import { useCanEdit } from "../../app";
import type { Config, DraftIssue } from "../../config/site-config";
import { issueText } from "../../errors";
import { Field } from "../../field";
import { useI18n, usePageMessages } from "../../i18n/i18n";
import { WEBHOOK_EVENTS, type WebhookEventType } from "../../../../worker/features/webhooks/webhooks";
import { messages } from "./messages";

type Endpoint = Config["webhooks"][number];
type EventChoice = Endpoint["events"][number];

/** The most endpoints the configuration takes (site-config.schemas.ts `webhooks`). */
const MAX_ENDPOINTS = 20;

/**
 * The site's webhook endpoints as rows of the configuration draft: a URL and the events it gets
 * ("all events" or a chosen few). Each problem shows at its own field, by the schema's path
 * (`webhooks.0.url`); saving is the page's SaveBar, so a failed save keeps every row as typed.
 */
export function Endpoints(props: { draft: Config; issues: DraftIssue[]; change: (edit: (c: Config) => Config) => void }) {
  const page = usePageMessages(messages);
  const { t } = useI18n();
  const canEdit = useCanEdit();
  const rows = props.draft.webhooks;
  const errorAt = (path: string) => {
    const issue = props.issues.find((i) => i.path === path || i.path.startsWith(`${path}.`));
    return issue ? issueText(t, issue) : undefined;
  };
  const setRow = (i: number, patch: Partial<Endpoint>) => props.change((c) => ({ ...c, webhooks: c.webhooks.map((e, j) => (j === i ? { ...e, ...patch } : e)) }));
  const toggle = (i: number, event: EventChoice, on: boolean) => {
    const current = rows[i]?.events ?? [];
    const next = on ? [...current.filter((e) => e !== event), event] : current.filter((e) => e !== event);
    setRow(i, { events: event === "*" && on ? ["*"] : next });
  };

  return (
    <section class="card" aria-labelledby="wh-endpoints-title">
      <h2 id="wh-endpoints-title">{page.endpoints.title}</h2>
      <p class="hint">{page.endpoints.intro}</p>
      {rows.length === 0 && <p class="muted">{page.endpoints.none}</p>}
      <ol class="rows endpoint-rows">
        {rows.map((row, i) => {
          const all = row.events.includes("*");
          const eventsError = errorAt(`webhooks.${i}.events`);
          return (
            <li key={i} aria-label={page.endpoints.rowLabel(String(i + 1))}>
              <Field
                id={`wh-url-${i}`}
                label={page.endpoints.url}
                hint={page.endpoints.urlHint}
                error={errorAt(`webhooks.${i}.url`)}
                type="url"
                dir="ltr"
                inputMode="url"
                autoComplete="off"
                spellcheck={false}
                value={row.url}
                readOnly={!canEdit}
                onInput={(e) => setRow(i, { url: e.currentTarget.value.trim() })}
              />
              <fieldset class="events" aria-describedby={eventsError ? `wh-events-${i}-error` : undefined}>
                <legend>{page.endpoints.events}</legend>
                <label class="check">
                  <input type="checkbox" checked={all} disabled={!canEdit} onChange={(e) => toggle(i, "*", e.currentTarget.checked)} />
                  <span>{page.endpoints.allEvents}</span>
                </label>
                <div class="event-grid">
                  {WEBHOOK_EVENTS.map((ev) => (
                    <label class="check" key={ev}>
                      <input type="checkbox" checked={all || row.events.includes(ev)} disabled={!canEdit || all} onChange={(e) => toggle(i, ev, e.currentTarget.checked)} />
                      <span>
                        {page.eventNames[ev as WebhookEventType]} <code dir="ltr">{ev}</code>
                      </span>
                    </label>
                  ))}
                </div>
                {eventsError && (
                  <p id={`wh-events-${i}-error`} class="field-error">
                    {eventsError}
                  </p>
                )}
              </fieldset>
              {canEdit && (
                <div class="row-actions">
                  <button type="button" class="button secondary" onClick={() => props.change((c) => ({ ...c, webhooks: c.webhooks.filter((_, j) => j !== i) }))}>
                    {page.endpoints.remove(row.url || String(i + 1))}
                  </button>
                </div>
              )}
            </li>
          );
        })}
      </ol>
      {canEdit && rows.length < MAX_ENDPOINTS && (
        <button type="button" class="button secondary" onClick={() => props.change((c) => ({ ...c, webhooks: [...c.webhooks, { url: "", events: ["*"] }] }))}>
          {page.endpoints.add}
        </button>
      )}
    </section>
  );
}
