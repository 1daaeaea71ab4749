import type { Config, DraftIssue } from "../../config/site-config";
import { issueText } from "../../errors";
import { Field } from "../../field";
import { useI18n, usePageMessages } from "../../i18n/i18n";
import type { Condition } from "../../../../worker/features/segments/rules";
import { ConditionRow, Select } from "./condition-row";
import { defaultLeaf, flatten, type Leaf, leafProblems, unflatten } from "./conditions";
import type { PreviewState } from "./data";
import { messages } from "./messages";

type RuleSegment = Config["segments"][number];

/** Segment ids used more than once in the draft (each such field says so). */
export const duplicateSegmentIds = (list: RuleSegment[]) => new Set(list.map((s) => s.id).filter((id, i, all) => id !== "" && all.indexOf(id) !== i));

/** Whether any row has a problem the page can name (a save is held back until fixed). */
export const draftHasLeafProblems = (list: RuleSegment[]) =>
  list.some((s) => {
    const flat = flatten(s.rule);
    return flat?.leaves.some((l) => Object.keys(leafProblems(l)).length > 0) ?? false;
  });

/** "Would match N of M customers" for the segment being edited, announced politely as it changes. */
function PreviewLine(props: { state: PreviewState }) {
  const page = usePageMessages(messages);
  const { f } = useI18n();
  const s = props.state;
  const text =
    s.phase === "checking"
      ? page.preview.checking
      : s.phase === "invalid"
        ? page.preview.invalid
        : s.phase === "failed"
          ? page.preview.failed
          : s.phase === "done"
            ? (s.preview.exact ? page.preview.would : page.preview.about)(f.number(s.preview.matching), f.number(s.preview.total))
            : "";
  const examples = s.phase === "done" ? s.preview.sample.slice(0, 3).map((c) => c.firstName || c.email || c.customerId) : [];
  return (
    <div class="rule-preview" role="status" aria-live="polite">
      <p class={s.phase === "done" ? "preview-count" : "muted"}>{text}</p>
      {examples.length > 0 && (
        <p class="muted small">
          {page.preview.examples} <bdi>{examples.join(", ")}</bdi>
        </p>
      )}
    </div>
  );
}

/**
 * The shop's rule segments as cards: reference, name, how conditions combine and the conditions,
 * each with its error; the card being edited shows its would-be count. Every edit goes to the
 * draft of the site configuration, so nothing is stored until Save, and a failed save keeps it all.
 */
export function RuleSegments(props: {
  draft: Config;
  change: (edit: (d: Config) => Config) => void;
  issues: DraftIssue[];
  canEdit: boolean;
  active: number | null;
  onActive: (i: number) => void;
  preview: PreviewState;
}) {
  const page = usePageMessages(messages);
  const { t } = useI18n();
  const e = page.editor;
  const list = props.draft.segments;
  const duplicates = duplicateSegmentIds(list);
  const issueAt = (path: string) => {
    const i = props.issues.find((x) => x.path === path);
    return i ? issueText(t, i) : undefined;
  };
  const edit = (i: number, next: Partial<RuleSegment>) => {
    props.onActive(i);
    props.change((d) => ({ ...d, segments: d.segments.map((s, k) => (k === i ? { ...s, ...next } : s)) }));
  };
  const setRule = (i: number, rule: Condition) => edit(i, { rule });
  const add = () => {
    props.change((d) => ({ ...d, segments: [...d.segments, { id: "", name: "", rule: { all: [defaultLeaf("field")] } }] }));
    props.onActive(list.length);
  };
  const remove = (i: number) => props.change((d) => ({ ...d, segments: d.segments.filter((_, k) => k !== i) }));

  return (
    <section class="card rule-segments" aria-labelledby="rule-segments-title">
      <h2 id="rule-segments-title">{e.title}</h2>
      <p class="muted">{e.intro}</p>
      {list.length === 0 && <p>{e.empty}</p>}
      <ol class="rows">
        {list.map((s, i) => {
          const base = `segments.${i}`;
          const flat = flatten(s.rule);
          const ruleIssue = props.issues.find((x) => x.path === `${base}.rule` || x.path.startsWith(`${base}.rule.`));
          const hasLocal = flat?.leaves.some((l) => Object.keys(leafProblems(l)).length > 0);
          const setLeaves = (leaves: Leaf[]) => flat && setRule(i, unflatten({ ...flat, leaves }));
          return (
            <li key={i} class="rule-segment" onFocusCapture={() => props.onActive(i)}>
              <div class="editor">
                <Field
                  id={`seg-${i}-id`}
                  label={e.id}
                  hint={e.idHint}
                  value={s.id}
                  error={issueAt(`${base}.id`) ?? (duplicates.has(s.id) ? e.idTaken : undefined)}
                  disabled={!props.canEdit}
                  autoComplete="off"
                  spellcheck={false}
                  onInput={(ev) => edit(i, { id: ev.currentTarget.value })}
                />
                <Field
                  id={`seg-${i}-name`}
                  label={e.name}
                  hint={e.nameHint}
                  value={s.name}
                  error={issueAt(`${base}.name`)}
                  disabled={!props.canEdit}
                  onInput={(ev) => edit(i, { name: ev.currentTarget.value })}
                />
              </div>
              {flat ? (
                <fieldset class="conditions" aria-describedby={ruleIssue && !hasLocal ? `seg-${i}-rule-error` : undefined}>
                  <legend>{e.conditions}</legend>
                  <Select id={`seg-${i}-join`} label={e.match} value={flat.join} disabled={!props.canEdit} onChange={(join) => setRule(i, unflatten({ ...flat, join: join as "all" | "any" }))}>
                    <option value="all">{e.matchAll}</option>
                    <option value="any">{e.matchAny}</option>
                  </Select>
                  {flat.leaves.map((leaf, j) => (
                    <ConditionRow
                      key={j}
                      id={`seg-${i}-c-${j}`}
                      n={j + 1}
                      leaf={leaf}
                      canEdit={props.canEdit}
                      showProblems
                      onChange={(l) => setLeaves(flat.leaves.map((x, k) => (k === j ? l : x)))}
                      onRemove={() => setLeaves(flat.leaves.filter((_, k) => k !== j))}
                    />
                  ))}
                  {ruleIssue && !hasLocal && (
                    <p id={`seg-${i}-rule-error`} class="field-error">
                      {flat.leaves.length === 0 ? issueText(t, ruleIssue) : e.ruleInvalid}
                    </p>
                  )}
                  {props.canEdit && (
                    <button type="button" class="button secondary" onClick={() => setLeaves([...flat.leaves, defaultLeaf("field")])}>
                      {e.addCondition}
                    </button>
                  )}
                </fieldset>
              ) : (
                <p class="notice">{e.nested}</p>
              )}
              {props.active === i && props.canEdit && <PreviewLine state={props.preview} />}
              {props.canEdit && (
                <div class="row-actions">
                  <button type="button" class="button secondary" onClick={() => remove(i)}>
                    {e.remove}
                  </button>
                </div>
              )}
            </li>
          );
        })}
      </ol>
      {props.canEdit && (
        <button type="button" class="button secondary" onClick={add}>
          {e.add}
        </button>
      )}
    </section>
  );
}
