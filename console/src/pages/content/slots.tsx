import { useCanEdit } from "../../app";
import type { Config } from "../../config/site-config";
import { Field } from "../../field";
import { usePageMessages } from "../../i18n/i18n";
import { messages } from "./messages";
import { removeAt, replaceAt, SegmentSelect, type SectionProps, TextFields } from "./parts";

type Slot = Config["content"]["slots"][number];
type Variant = Slot["variants"][number];

/**
 * Content slots (`data-revisit="content:<slot>"`): each has variants, one per segment plus the
 * default for everyone else; a shopper sees the first variant of a segment they are in. A variant
 * has a headline, a message and optionally one of the shop's offers (its code shows in the slot).
 */
export function Slots(props: SectionProps) {
  const page = usePageMessages(messages);
  const m = page.slots;
  const canEdit = useCanEdit();
  const slots = props.draft.content.slots;
  const setSlots = (edit: (s: Slot[]) => Slot[]) => props.change((c) => ({ ...c, content: { ...c.content, slots: edit(c.content.slots) } }));
  const set = (i: number, s: Slot) => setSlots((all) => replaceAt(all, i, s));
  const add = () => {
    let n = slots.length + 1;
    while (slots.some((s) => s.id === `slot-${n}`)) n++;
    setSlots((all) => [...all, { id: `slot-${n}`, variants: [{ segment: null, headline: { en: "Welcome" } }] }]);
    props.onFocus(`content:slot-${n}`);
  };

  return (
    <div>
      {slots.length === 0 && <p class="muted">{m.none}</p>}
      <ul class="rows">
        {slots.map((s, i) => {
          const p = `content.slots.${i}`;
          return (
            <li key={i} onFocusIn={() => props.onFocus(`content:${s.id}`)} data-slot={s.id}>
              <div class="item-head">
                <h3>
                  {m.slot}: <bdi>{s.id}</bdi>
                </h3>
                {canEdit && (
                  <button type="button" class="button secondary" onClick={() => setSlots((all) => removeAt(all, i))}>
                    {page.remove}
                  </button>
                )}
              </div>
              <div class="editor">
                <Field
                  id={`slot-${i}-id`}
                  label={page.id}
                  hint={m.placeholder(s.id)}
                  dir="ltr"
                  value={s.id}
                  error={props.error(`${p}.id`)}
                  onInput={(e) => set(i, { ...s, id: e.currentTarget.value })}
                />
              </div>
              {s.variants.map((v, k) => (
                <VariantEditor
                  key={k}
                  id={`slot-${i}-v${k}`}
                  path={`${p}.variants.${k}`}
                  v={v}
                  {...props}
                  onChange={(nv) => set(i, { ...s, variants: replaceAt(s.variants, k, nv) })}
                  onRemove={s.variants.length > 1 ? () => set(i, { ...s, variants: removeAt(s.variants, k) }) : undefined}
                />
              ))}
              {canEdit && (
                <div class="row-actions">
                  <button type="button" class="button secondary" onClick={() => set(i, { ...s, variants: [...s.variants, { segment: firstFree(props.draft, s), headline: { en: "" } }] })}>
                    {m.addVariant}
                  </button>
                </div>
              )}
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

/** The first lifecycle stage this slot has no variant for yet (a new variant must not repeat a segment). */
function firstFree(draft: Config, slot: Slot): string {
  const used = new Set(slot.variants.map((v) => v.segment));
  return ["lapsed", "at_risk", "loyal", "new", "first_purchase", "repeat", "browsing", "considering", ...draft.segments.map((s) => s.id)].find((s) => !used.has(s)) ?? "lapsed";
}

/** One variant: who it is for, its words, and an offer it presents. */
function VariantEditor(props: SectionProps & { id: string; path: string; v: Variant; onChange: (v: Variant) => void; onRemove: (() => void) | undefined }) {
  const page = usePageMessages(messages);
  const m = page.slots;
  const canEdit = useCanEdit();
  const { v } = props;
  const setText = (key: "headline" | "message", t: Variant["headline"]) => {
    const next = { ...v, [key]: t };
    if (t === undefined) delete next[key];
    props.onChange(next);
  };
  return (
    <fieldset class="editor card">
      <legend>{m.variant}</legend>
      <SegmentSelect
        id={`${props.id}-segment`}
        label={m.segment}
        none={m.everyone}
        draft={props.draft}
        value={v.segment}
        error={props.error(`${props.path}.segment`)}
        onValue={(segment) => props.onChange({ ...v, segment })}
      />
      <div class="field">
        <label for={`${props.id}-offer`}>{m.offer}</label>
        <select
          id={`${props.id}-offer`}
          value={v.offer ?? ""}
          onChange={(e) => {
            const { offer: _, ...rest } = v;
            props.onChange(e.currentTarget.value ? { ...rest, offer: e.currentTarget.value } : rest);
          }}
        >
          <option value="">{m.noOffer}</option>
          {props.draft.offers.map((o) => (
            <option key={o.id} value={o.id}>
              {o.title.en}
            </option>
          ))}
        </select>
      </div>
      <TextFields id={`${props.id}-headline`} label={m.headline} value={v.headline} optional path={`${props.path}.headline`} error={props.error} onChange={(t) => setText("headline", t)} />
      <TextFields id={`${props.id}-message`} label={m.message} value={v.message} optional path={`${props.path}.message`} error={props.error} onChange={(t) => setText("message", t)} />
      {props.error(props.path) && <p class="field-error wide">{props.error(props.path)}</p>}
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
