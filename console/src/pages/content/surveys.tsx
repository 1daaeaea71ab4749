import { useCanEdit } from "../../app";
import type { Config } from "../../config/site-config";
import { Field } from "../../field";
import { useI18n, usePageMessages } from "../../i18n/i18n";
import { messages } from "./messages";
import { freshId, removeAt, replaceAt, SegmentsField, type SectionProps, TextFields } from "./parts";

type Survey = Config["surveys"][number];
type Question = Survey["questions"][number];
type QuestionType = Question["type"];

const TYPES: QuestionType[] = ["single", "multi", "nps", "text"];
const option = (n: number) => ({ id: `a${n}`, label: { en: `Answer ${n}` }, tags: [], traits: {} });

/** A question of another kind, keeping its id and prompt (choices keep their answers, or get two to start with). */
function retype(q: Question, type: QuestionType): Question {
  const base = { id: q.id, prompt: q.prompt };
  const options = "options" in q ? q.options : [option(1), option(2)];
  if (type === "single" || type === "multi") return { ...base, type, options };
  if (type === "nps") return { ...base, type, followUp: { en: "What is the main reason for your score?" } };
  return { ...base, type, maxLength: 280 };
}

/**
 * Surveys and quizzes: each with its questions (a prompt and, for choices, answers, in three
 * languages), when it shows (segments, visit number, after a first order), and a Launch / Pause
 * button (`active`). A new survey starts paused, so it reaches shoppers only once launched and saved.
 */
export function Surveys(props: SectionProps) {
  const m = usePageMessages(messages).surveys;
  const page = usePageMessages(messages);
  const { f } = useI18n();
  const canEdit = useCanEdit();
  const list = props.draft.surveys;
  const set = (i: number, s: Survey) => props.change((c) => ({ ...c, surveys: replaceAt(c.surveys, i, s) }));
  const add = () => {
    const id = freshId("survey", list);
    const survey: Survey = {
      id,
      active: false,
      questions: [{ id: "q1", type: "single", prompt: { en: m.newPrompt }, options: [option(1), option(2)] }],
      display: { after: "any", minVisits: 1, segments: [], once: true, cooldownDays: 0 },
    };
    props.change((c) => ({ ...c, surveys: [...c.surveys, survey] }));
    props.onFocus(`survey:${id}`);
  };

  return (
    <div>
      {list.length === 0 && <p class="muted">{m.none}</p>}
      <ul class="rows">
        {list.map((s, i) => {
          const p = `surveys.${i}`;
          const live = s.active !== false;
          return (
            <li key={i} onFocusIn={() => props.onFocus(`survey:${s.id}`)} data-survey={s.id}>
              <div class="item-head">
                <h3>
                  {s.id} <span class={live ? "state-badge live" : "state-badge"}>{live ? m.live : m.paused}</span>
                </h3>
                {canEdit && (
                  <div class="row-actions">
                    <button type="button" class="button primary" aria-pressed={live} onClick={() => set(i, { ...s, active: !live })}>
                      {live ? m.pause : m.launch}
                    </button>
                    <button type="button" class="button secondary" onClick={() => props.change((c) => ({ ...c, surveys: removeAt(c.surveys, i) }))}>
                      {page.remove}
                    </button>
                  </div>
                )}
              </div>
              <div class="editor">
                <Field id={`survey-${i}-id`} label={page.id} hint={page.idHint} dir="ltr" value={s.id} error={props.error(`${p}.id`)} onInput={(e) => set(i, { ...s, id: e.currentTarget.value })} />
              </div>
              {s.questions.map((q, k) => (
                <QuestionEditor
                  key={k}
                  id={`survey-${i}-q${k}`}
                  path={`${p}.questions.${k}`}
                  n={f.number(k + 1)}
                  q={q}
                  error={props.error}
                  onChange={(nq) => set(i, { ...s, questions: replaceAt(s.questions, k, nq) })}
                  onRemove={s.questions.length > 1 ? () => set(i, { ...s, questions: removeAt(s.questions, k) }) : undefined}
                />
              ))}
              {props.error(`${p}.questions`) && <p class="field-error">{props.error(`${p}.questions`)}</p>}
              {canEdit && (
                <div class="row-actions">
                  <button
                    type="button"
                    class="button secondary"
                    onClick={() => set(i, { ...s, questions: [...s.questions, { id: freshId("q", s.questions), type: "text", prompt: { en: m.newPrompt }, maxLength: 280 }] })}
                  >
                    {m.addQuestion}
                  </button>
                </div>
              )}
              <fieldset class="editor">
                <legend>{m.display}</legend>
                <SegmentsField
                  id={`survey-${i}-segments`}
                  label={m.segments}
                  value={s.display.segments}
                  error={props.error(`${p}.display.segments`)}
                  onValue={(segments) => set(i, { ...s, display: { ...s.display, segments } })}
                />
                <Field
                  id={`survey-${i}-visits`}
                  label={m.minVisits}
                  type="number"
                  min={1}
                  dir="ltr"
                  value={String(s.display.minVisits)}
                  error={props.error(`${p}.display.minVisits`)}
                  onInput={(e) => set(i, { ...s, display: { ...s.display, minVisits: Number(e.currentTarget.value) } })}
                />
                <div class="field">
                  <label>
                    <input
                      type="checkbox"
                      checked={s.display.after === "purchase"}
                      onChange={(e) => set(i, { ...s, display: { ...s.display, after: e.currentTarget.checked ? "purchase" : "any" } })}
                    />{" "}
                    {m.afterPurchase}
                  </label>
                </div>
              </fieldset>
            </li>
          );
        })}
      </ul>
      {canEdit && (
        <button type="button" class="button secondary" onClick={add}>
          {m.add}
        </button>
      )}
    </div>
  );
}

/** One question: its kind, its prompt in three languages and, for choices, the answers. */
function QuestionEditor(props: { id: string; path: string; n: string; q: Question; error: SectionProps["error"]; onChange: (q: Question) => void; onRemove: (() => void) | undefined }) {
  const m = usePageMessages(messages).surveys;
  const page = usePageMessages(messages);
  const { f } = useI18n();
  const canEdit = useCanEdit();
  const { q } = props;
  return (
    <fieldset class="editor card">
      <legend>{m.question(props.n)}</legend>
      <div class="field">
        <label for={`${props.id}-type`}>{m.type}</label>
        <select id={`${props.id}-type`} value={q.type} onChange={(e) => props.onChange(retype(q, e.currentTarget.value as QuestionType))}>
          {TYPES.map((t) => (
            <option key={t} value={t}>
              {m.types[t]}
            </option>
          ))}
        </select>
      </div>
      <TextFields
        id={`${props.id}-prompt`}
        label={m.prompt}
        value={q.prompt}
        path={`${props.path}.prompt`}
        error={props.error}
        onChange={(prompt) => props.onChange({ ...q, prompt: prompt ?? { en: "" } })}
      />
      {(q.type === "single" || q.type === "multi") && (
        <div class="wide">
          <h4>{m.options}</h4>
          {q.options.map((o, k) => (
            <div key={k}>
              <TextFields
                id={`${props.id}-o${k}`}
                label={m.option(f.number(k + 1))}
                value={o.label}
                path={`${props.path}.options.${k}.label`}
                error={props.error}
                onChange={(label) => props.onChange({ ...q, options: replaceAt(q.options, k, { ...o, label: label ?? { en: "" } }) })}
              />
              {canEdit && q.options.length > 2 && (
                <button type="button" class="button secondary" onClick={() => props.onChange({ ...q, options: removeAt(q.options, k) })}>
                  {page.remove}
                </button>
              )}
            </div>
          ))}
          {props.error(`${props.path}.options`) && <p class="field-error">{props.error(`${props.path}.options`)}</p>}
          {canEdit && (
            <div class="row-actions">
              <button type="button" class="button secondary" onClick={() => props.onChange({ ...q, options: [...q.options, { ...option(q.options.length + 1), id: freshId("a", q.options) }] })}>
                {m.addOption}
              </button>
            </div>
          )}
        </div>
      )}
      {canEdit && props.onRemove && (
        <div class="row-actions wide">
          <button type="button" class="button secondary" onClick={props.onRemove}>
            {page.remove}
          </button>
        </div>
      )}
    </fieldset>
  );
}
