import { useEffect, useRef, useState } from "preact/hooks";
import { ApiFailure, request } from "../api";
import { useCanEdit } from "../app";
import { errorMessage } from "../errors";
import { useI18n, usePageMessages } from "../i18n/i18n";
import { batches, type CodeRow, type ParsedCodes, parseCodes } from "./code-csv";
import { messages } from "./code-upload.messages";

/** Whose pool the codes go to: a loyalty reward's or an offer's (the same upload, two public routes). */
export type CodeTarget = { kind: "reward"; id: string } | { kind: "offer"; id: string };

/** The public route that stocks a pool (documented in the API reference; usable with the secret key too). */
export const codesPath = (target: CodeTarget): string =>
  target.kind === "reward" ? `/v1/loyalty/rewards/${encodeURIComponent(target.id)}/codes` : `/v1/offers/${encodeURIComponent(target.id)}/codes`;

/** Rows shown in the preview table: enough to recognise the file, not the whole of it. */
const PREVIEW_ROWS = 10;
/** A code file bigger than this is not a code file (10,000 codes of 100 characters are 1 MB). */
const MAX_FILE_BYTES = 20 * 1024 * 1024;

type Stage =
  | { at: "idle" }
  | { at: "reading" }
  | { at: "problem"; text: string }
  | { at: "parsed"; parsed: ParsedCodes }
  | { at: "sending"; parsed: ParsedCodes; done: number }
  | { at: "sent"; added: number; sent: number; available: number }
  | { at: "failed"; parsed: ParsedCodes; added: number; error: unknown };

/**
 * Stocks a reward's or an offer's code pool from a CSV the shop already has: the file is read in
 * the browser, the owner sees what would be added (new, duplicate, invalid, with the first rows)
 * before anything is sent, then the codes go in batches to the public API and its answer (added,
 * available) is shown. Sending twice is harmless: the pool ignores codes it already holds.
 */
export function CodeUpload(props: { target: CodeTarget }) {
  const m = usePageMessages(messages);
  const { t, f } = useI18n();
  const canEdit = useCanEdit();
  const [stage, setStage] = useState<Stage>({ at: "idle" });
  const [inputKey, setInputKey] = useState(0);
  const [fileName, setFileName] = useState<string | null>(null);
  // Set synchronously, so a double click cannot start a second upload before the button disables.
  const busy = useRef(false);
  const base = `codes-${props.target.kind}-${props.target.id}`;

  // Another reward or offer: start over (a file parsed for one pool is never sent to another).
  useEffect(() => {
    setStage({ at: "idle" });
    setInputKey((k) => k + 1);
    setFileName(null);
  }, [props.target.kind, props.target.id]);

  if (!canEdit) return <p class="muted">{m.readOnly}</p>;

  const choose = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    setFileName(file?.name ?? null);
    if (!file) return setStage({ at: "idle" });
    if (file.size > MAX_FILE_BYTES) return setStage({ at: "problem", text: m.tooLarge });
    setStage({ at: "reading" });
    try {
      const parsed = parseCodes(await file.text());
      setStage(parsed.rows.length ? { at: "parsed", parsed } : { at: "problem", text: m.empty });
    } catch {
      setStage({ at: "problem", text: m.unreadable });
    }
  };

  const send = async (parsed: ParsedCodes) => {
    if (busy.current) return;
    busy.current = true;
    let added = 0;
    let available = 0;
    let done = 0;
    setStage({ at: "sending", parsed, done });
    try {
      for (const batch of batches(parsed.codes)) {
        const answer = await request<{ added: number; available: number }>("PUT", codesPath(props.target), { codes: batch });
        added += answer.added;
        available = answer.available;
        done += batch.length;
        setStage({ at: "sending", parsed, done });
      }
      setStage({ at: "sent", added, sent: parsed.codes.length, available });
      setInputKey((k) => k + 1);
      setFileName(null);
    } catch (error) {
      setStage({ at: "failed", parsed, added, error });
    } finally {
      busy.current = false;
    }
  };

  const parsed = stage.at === "parsed" || stage.at === "sending" || stage.at === "failed" ? stage.parsed : null;
  return (
    <div class="code-upload">
      <div class="field">
        <label for={`${base}-file`}>{m.file}</label>
        <p id={`${base}-hint`} class="hint">
          {m.fileHint}
        </p>
        {/* The browser's own file button speaks the browser's language; this one speaks the page's. */}
        <div class="file-pick">
          <input
            key={inputKey}
            id={`${base}-file`}
            class="file-input"
            type="file"
            accept=".csv,text/csv,text/plain"
            aria-describedby={`${base}-hint ${base}-name`}
            disabled={stage.at === "sending"}
            onChange={(e) => choose(e.currentTarget)}
          />
          <label for={`${base}-file`} class="button secondary" aria-hidden="true">
            {m.choose}
          </label>
          <span id={`${base}-name`} class="file-name">
            {fileName ?? m.noFile}
          </span>
        </div>
      </div>
      {stage.at === "reading" && (
        <p class="muted" role="status">
          {m.reading}
        </p>
      )}
      {stage.at === "problem" && (
        <p class="form-error" role="alert">
          {stage.text}
        </p>
      )}
      {parsed && (
        <>
          <div role="status">
            <dl class="code-figures" data-testid="code-preview">
              <Figure name="to-add" label={m.toAdd} value={f.number(parsed.codes.length)} />
              <Figure name="duplicates" label={m.duplicates} value={f.number(parsed.duplicates)} />
              <Figure name="invalid" label={m.invalid} value={f.number(parsed.invalid)} />
            </dl>
          </div>
          <PreviewTable rows={parsed.rows.slice(0, PREVIEW_ROWS)} />
          <div class="row-actions">
            {parsed.codes.length > 0 && (
              <button type="button" class="button primary" disabled={stage.at === "sending"} onClick={() => send(parsed)}>
                {stage.at === "sending" ? m.adding(f.number(stage.done), f.number(parsed.codes.length)) : m.add(f.number(parsed.codes.length))}
              </button>
            )}
            <button
              type="button"
              class="button secondary"
              disabled={stage.at === "sending"}
              onClick={() => {
                setStage({ at: "idle" });
                setInputKey((k) => k + 1);
                setFileName(null);
              }}
            >
              {m.clear}
            </button>
          </div>
        </>
      )}
      {stage.at === "failed" && (
        <p class="form-error" role="alert">
          {stage.error instanceof ApiFailure && stage.error.status === 404 ? m.notFound : errorMessage(t, stage.error)} {stage.added > 0 ? m.partly(f.number(stage.added)) : ""}
        </p>
      )}
      {stage.at === "sent" && (
        <div role="status">
          <p class="notice">{m.done}</p>
          <dl class="code-figures" data-testid="code-result">
            <Figure name="added" label={m.added} value={f.number(stage.added)} />
            <Figure name="already" label={m.alreadyThere} value={f.number(stage.sent - stage.added)} />
            <Figure name="available" label={m.available} value={f.number(stage.available)} />
          </dl>
        </div>
      )}
    </div>
  );
}

/** One labelled figure of the preview or the answer (`data-figure` lets tests read it in any language). */
function Figure(props: { name: string; label: string; value: string }) {
  return (
    <div data-figure={props.name}>
      <dt>{props.label}</dt>
      <dd>{props.value}</dd>
    </div>
  );
}

/** The first rows of the file with what happens to each, so the owner recognises the file. */
function PreviewTable(props: { rows: CodeRow[] }) {
  const m = usePageMessages(messages);
  const { f } = useI18n();
  const said: Record<CodeRow["status"], string> = { new: m.statusNew, duplicate: m.statusDuplicate, invalid: m.statusInvalid };
  return (
    <div class="table-wrap">
      <table class="data code-rows">
        <caption class="visually-hidden">{m.firstRows(f.number(props.rows.length))}</caption>
        <thead>
          <tr>
            <th scope="col" class="num">
              {m.line}
            </th>
            <th scope="col">{m.code}</th>
            <th scope="col">{m.status}</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr key={r.line} class={`code-${r.status}`}>
              <td class="num">{f.number(r.line)}</td>
              <td class="code-cell">
                <bdi>{r.code.length > 40 ? `${r.code.slice(0, 40)}…` : r.code}</bdi>
              </td>
              <td>{said[r.status]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
