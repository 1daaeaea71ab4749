import { useEffect, useState } from "preact/hooks";
import { request } from "../../api";
import { errorMessage } from "../../errors";
import { useI18n, usePageMessages } from "../../i18n/i18n";
import type { PageProps } from "../../layout";
import { messages } from "./messages";

/** One entry of `GET /v1/audit`. */
interface Entry {
  id: string;
  at: string;
  actor: string;
  role: "owner" | "editor" | "viewer";
  method: string;
  path: string;
  status: number;
  summary: string;
}

const PAGE = 50;

/**
 * Who changed what, newest first, 50 at a time ("Show older entries" follows `nextCursor`). The
 * person filter works on what is loaded (the API has no actor filter; a shop's log is at most
 * 10,000 entries, so loading more pages is the way to search further back).
 */
export function Page(_: PageProps) {
  const { t, f } = useI18n();
  const page = usePageMessages(messages);
  const [entries, setEntries] = useState<Entry[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [state, setState] = useState<"loading" | "ready" | "more">("loading");
  const [error, setError] = useState<unknown>(null);
  const [actor, setActor] = useState("");

  const load = async (from: string | null) => {
    setState(from ? "more" : "loading");
    setError(null);
    try {
      const r = await request<{ entries: Entry[]; nextCursor: string | null }>("GET", `/v1/audit?limit=${PAGE}${from ? `&cursor=${from}` : ""}`);
      setEntries((had) => (from ? [...had, ...r.entries] : r.entries));
      setCursor(r.nextCursor);
    } catch (e) {
      setError(e);
    }
    setState("ready");
  };
  useEffect(() => {
    load(null);
  }, []);

  const actors = [...new Set(entries.map((e) => e.actor))].sort();
  const shown = actor ? entries.filter((e) => e.actor === actor) : entries;
  const result = (status: number) => (status === 403 ? page.refused : status >= 400 ? page.failed : page.done);

  return (
    <section class="page audit-page">
      <h1 tabIndex={-1}>{page.title}</h1>
      <p class="muted">{page.intro}</p>
      {entries.length > 0 && (
        <div class="audit-filter">
          <div class="field inline">
            <label for="audit-actor">{page.filter}</label>
            <select id="audit-actor" value={actor} onChange={(e) => setActor((e.currentTarget as HTMLSelectElement).value)}>
              <option value="">{page.everyone}</option>
              {actors.map((a) => (
                <option key={a} value={a}>
                  {a}
                </option>
              ))}
            </select>
          </div>
          <p class="hint" role="status">
            {page.count(f.number(shown.length), f.number(entries.length))} · {page.filterNote}
          </p>
        </div>
      )}
      {error ? (
        <p class="form-error" role="alert">
          {errorMessage(t, error)}
        </p>
      ) : null}
      {state === "loading" ? (
        <p class="muted">{t.loading}</p>
      ) : entries.length === 0 && !error ? (
        <p class="muted">{page.none}</p>
      ) : (
        <div class="table-wrap">
          <table class="data audit-table cards-on-phone">
            <thead>
              <tr>
                <th scope="col">{page.when}</th>
                <th scope="col">{page.who}</th>
                <th scope="col">{page.what}</th>
                <th scope="col">{page.result}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((e) => (
                <tr key={e.id} class={e.status >= 400 ? "refused" : undefined}>
                  <td data-label={page.when}>
                    <time dateTime={e.at}>{f.dateTime(e.at)}</time>
                  </td>
                  <td data-label={page.who}>
                    <bdi>{e.actor}</bdi>
                    <span class="muted small"> · {t.roles[e.role]}</span>
                  </td>
                  <td data-label={page.what}>
                    <code dir="ltr">{e.summary}</code>
                  </td>
                  <td data-label={page.result}>{result(e.status)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p class="hint">{page.erasedNote}</p>
      {cursor && (
        <button type="button" class="button secondary" disabled={state === "more"} onClick={() => load(cursor)}>
          {state === "more" ? page.loadingOlder : page.older}
        </button>
      )}
    </section>
  );
}
