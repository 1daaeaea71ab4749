import type { ComponentChildren } from "preact";
import { Field } from "../../field";
import { usePageMessages } from "../../i18n/i18n";
import type { RuleField } from "../../../../worker/features/segments/rules";
import { asNumber, choicesOf, COUNTED_EVENTS, defaultLeaf, joinList, kindOf, type Leaf, type LeafKind, leafProblems, opsFor, RULE_FIELDS, splitList, valueKind, withField, withOp } from "./conditions";
import { messages, type SegmentMessages } from "./messages";

/** A labelled select with its error underneath, wired like `Field` (aria-describedby, aria-invalid). */
export function Select(props: { id: string; label: string; value: string; error?: string; disabled?: boolean; onChange: (v: string) => void; children: ComponentChildren }) {
  return (
    <div class={props.error ? "field has-error" : "field"}>
      <label for={props.id}>{props.label}</label>
      <select
        id={props.id}
        value={props.value}
        disabled={props.disabled}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? `${props.id}-error` : undefined}
        onChange={(e) => props.onChange(e.currentTarget.value)}
      >
        {props.children}
      </select>
      {props.error && (
        <p id={`${props.id}-error`} class="field-error">
          {props.error}
        </p>
      )}
    </div>
  );
}

/** The words of a choice value (a stage or an RFM group), falling back to the id. */
function choiceName(page: SegmentMessages, field: RuleField, v: string): string {
  return (field === "stage" ? page.stages[v] : page.rfm[v]) ?? v;
}

/**
 * One condition of a rule segment as selects and inputs (never JSON): what it is based on, the
 * detail, the comparison and the value, each with its own error (what the page can tell before
 * the API's schema judges the whole rule).
 */
export function ConditionRow(props: { id: string; n: number; leaf: Leaf; canEdit: boolean; onChange: (l: Leaf) => void; onRemove: () => void; showProblems: boolean }) {
  const page = usePageMessages(messages);
  const e = page.editor;
  const { leaf, id, canEdit } = props;
  const problems = props.showProblems ? leafProblems(leaf) : {};
  const say = (k: keyof typeof problems) => (problems[k] ? e[problems[k] as "needNumber" | "needValue" | "needWholeDays"] : undefined);
  const ops = opsFor(leaf);
  const opSelect = (
    <Select id={`${id}-op`} label={e.op} value={leaf.op} disabled={!canEdit} onChange={(op) => props.onChange(withOp(leaf, op))}>
      {ops.map((op) => (
        <option key={op} value={op}>
          {page.ops[op as keyof SegmentMessages["ops"]]}
        </option>
      ))}
    </Select>
  );

  let detail: ComponentChildren;
  if ("event" in leaf)
    detail = (
      <>
        <Select id={`${id}-event`} label={e.event} value={leaf.event} disabled={!canEdit} onChange={(v) => props.onChange({ ...leaf, event: v as typeof leaf.event })}>
          {["any", ...COUNTED_EVENTS].map((ev) => (
            <option key={ev} value={ev}>
              {page.events[ev as keyof SegmentMessages["events"]]}
            </option>
          ))}
        </Select>
        <Field
          id={`${id}-days`}
          label={e.withinDays}
          type="number"
          inputMode="numeric"
          min={1}
          max={365}
          value={String(leaf.withinDays)}
          error={say("withinDays")}
          disabled={!canEdit}
          onInput={(ev) => props.onChange({ ...leaf, withinDays: Number(ev.currentTarget.value) })}
        />
        {opSelect}
        <Field
          id={`${id}-value`}
          label={e.value}
          type="number"
          inputMode="numeric"
          min={0}
          value={Number.isNaN(leaf.value) ? "" : String(leaf.value)}
          error={say("value")}
          disabled={!canEdit}
          onInput={(ev) => props.onChange({ ...leaf, value: ev.currentTarget.value === "" ? Number.NaN : Number(ev.currentTarget.value) })}
        />
      </>
    );
  else if ("answer" in leaf)
    detail = (
      <>
        <Field
          id={`${id}-answer`}
          label={e.answer}
          hint={e.answerHint}
          value={leaf.answer}
          error={say("key")}
          disabled={!canEdit}
          onInput={(ev) => props.onChange({ ...leaf, answer: ev.currentTarget.value })}
        />
        {opSelect}
        <Field id={`${id}-value`} label={e.option} value={leaf.value} error={say("value")} disabled={!canEdit} onInput={(ev) => props.onChange({ ...leaf, value: ev.currentTarget.value })} />
      </>
    );
  else if ("attribute" in leaf)
    detail = (
      <>
        <Field
          id={`${id}-attribute`}
          label={e.attribute}
          value={leaf.attribute}
          error={say("key")}
          disabled={!canEdit}
          onInput={(ev) => props.onChange({ ...leaf, attribute: ev.currentTarget.value })}
        />
        {opSelect}
        {"value" in leaf && (
          <Field
            id={`${id}-value`}
            label={e.value}
            hint={Array.isArray(leaf.value) ? e.valuesHint : undefined}
            value={Array.isArray(leaf.value) ? joinList(leaf.value) : leaf.value}
            error={say("value")}
            disabled={!canEdit}
            onInput={(ev) => {
              const text = ev.currentTarget.value;
              props.onChange(Array.isArray(leaf.value) ? { ...leaf, op: leaf.op as "in", value: splitList(text) } : { ...leaf, op: leaf.op as "eq", value: text });
            }}
          />
        )}
      </>
    );
  else {
    const kind = valueKind(leaf.field);
    const value = "value" in leaf ? leaf.value : undefined;
    let input: ComponentChildren = null;
    if (Array.isArray(value)) {
      input = (
        <Field
          id={`${id}-value`}
          label={e.value}
          hint={kind === "choice" ? `${e.valuesHint} ${choicesOf(leaf.field).join(", ")}` : e.valuesHint}
          value={joinList(value)}
          error={say("value")}
          disabled={!canEdit}
          onInput={(ev) => props.onChange({ field: leaf.field, op: leaf.op as "in", value: splitList(ev.currentTarget.value).map((v) => (kind === "number" ? asNumber(v) : v)) })}
        />
      );
    } else if (value !== undefined && kind === "choice") {
      input = (
        <Select id={`${id}-value`} label={e.value} value={String(value)} error={say("value")} disabled={!canEdit} onChange={(v) => props.onChange({ ...leaf, value: v } as Leaf)}>
          {choicesOf(leaf.field).map((c) => (
            <option key={c} value={c}>
              {choiceName(page, leaf.field, c)}
            </option>
          ))}
        </Select>
      );
    } else if (value !== undefined && kind === "boolean") {
      input = (
        <Select id={`${id}-value`} label={e.value} value={String(value)} disabled={!canEdit} onChange={(v) => props.onChange({ ...leaf, value: v === "true" } as Leaf)}>
          <option value="true">{e.yes}</option>
          <option value="false">{e.no}</option>
        </Select>
      );
    } else if (value !== undefined) {
      input = (
        <Field
          id={`${id}-value`}
          label={e.value}
          inputMode={kind === "number" ? "decimal" : undefined}
          value={value === null ? "" : String(value)}
          error={say("value")}
          disabled={!canEdit}
          onInput={(ev) => props.onChange({ ...leaf, value: kind === "number" ? asNumber(ev.currentTarget.value) : ev.currentTarget.value } as Leaf)}
        />
      );
    }
    detail = (
      <>
        <Select id={`${id}-field`} label={e.field} value={leaf.field} disabled={!canEdit} onChange={(f) => props.onChange(withField(f as RuleField))}>
          {RULE_FIELDS.map((f) => (
            <option key={f} value={f}>
              {page.fields[f]}
            </option>
          ))}
        </Select>
        {opSelect}
        {input}
      </>
    );
  }

  return (
    <fieldset class="condition">
      <legend>{e.condition(String(props.n))}</legend>
      <div class="condition-fields">
        <Select id={`${id}-kind`} label={e.kindLabel} value={kindOf(leaf)} disabled={!canEdit} onChange={(k) => props.onChange(defaultLeaf(k as LeafKind))}>
          {(["field", "event", "attribute", "answer"] as const).map((k) => (
            <option key={k} value={k}>
              {e.kinds[k]}
            </option>
          ))}
        </Select>
        {detail}
      </div>
      {canEdit && (
        <button type="button" class="button secondary small" onClick={props.onRemove}>
          {e.removeCondition}
        </button>
      )}
    </fieldset>
  );
}
