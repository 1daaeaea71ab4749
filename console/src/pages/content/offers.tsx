import { useCanEdit } from "../../app";
import type { Config } from "../../config/site-config";
import { Field } from "../../field";
import { CodeUpload } from "../../forms/code-upload";
import { usePageMessages } from "../../i18n/i18n";
import { messages } from "./messages";
import { freshId, removeAt, replaceAt, SegmentsField, type SectionProps, TextFields } from "./parts";

type Offer = Config["offers"][number];
const KINDS: Offer["kind"][] = ["win_back", "birthday", "anniversary", "early_access"];

/**
 * Offers: win-back, birthday, first-order anniversary (a personal code each) and early access,
 * with their words, discount and audience; the code pool of a saved offer is stocked from a CSV
 * (forms/code-upload.tsx, the same upload as loyalty rewards).
 */
export function Offers(props: SectionProps) {
  const page = usePageMessages(messages);
  const m = page.offers;
  const canEdit = useCanEdit();
  const list = props.draft.offers;
  const set = (i: number, o: Offer) => props.change((c) => ({ ...c, offers: replaceAt(c.offers, i, o) }));
  const add = () => {
    const id = freshId("offer", list);
    const offer: Offer = {
      id,
      kind: "win_back",
      title: { en: "We miss you: 10% off" },
      discount: { type: "percent", value: 10 },
      audience: { segments: [], tiers: [] },
      validDays: 30,
      windowDays: 7,
      delivery: "pool",
      webhookUrl: null,
    };
    props.change((c) => ({ ...c, offers: [...c.offers, offer] }));
    props.onFocus(`offer:${id}`);
  };

  return (
    <div>
      {list.length === 0 && <p class="muted">{m.none}</p>}
      <ul class="rows">
        {list.map((o, i) => {
          const p = `offers.${i}`;
          const saved = props.saved.offers.some((x) => x.id === o.id);
          return (
            <li key={i} onFocusIn={() => props.onFocus(`offer:${o.id}`)} data-offer={o.id}>
              <div class="item-head">
                <h3>{o.title.en}</h3>
                {canEdit && (
                  <button type="button" class="button secondary" onClick={() => props.change((c) => ({ ...c, offers: removeAt(c.offers, i) }))}>
                    {page.remove}
                  </button>
                )}
              </div>
              <div class="editor">
                <Field id={`offer-${i}-id`} label={page.id} hint={page.idHint} dir="ltr" value={o.id} error={props.error(`${p}.id`)} onInput={(e) => set(i, { ...o, id: e.currentTarget.value })} />
                <div class="field">
                  <label for={`offer-${i}-kind`}>{m.kind}</label>
                  <select id={`offer-${i}-kind`} value={o.kind} onChange={(e) => set(i, { ...o, kind: e.currentTarget.value as Offer["kind"] })}>
                    {KINDS.map((k) => (
                      <option key={k} value={k}>
                        {m.kinds[k]}
                      </option>
                    ))}
                  </select>
                </div>
                <TextFields id={`offer-${i}-title`} label={m.offerTitle} value={o.title} path={`${p}.title`} error={props.error} onChange={(title) => set(i, { ...o, title: title ?? { en: "" } })} />
                <TextFields
                  id={`offer-${i}-message`}
                  label={m.message}
                  value={o.message}
                  optional
                  path={`${p}.message`}
                  error={props.error}
                  onChange={(message) => {
                    const { message: _, ...rest } = o;
                    set(i, message ? { ...rest, message } : rest);
                  }}
                />
                <div class="field">
                  <label for={`offer-${i}-discount`}>{m.discountType}</label>
                  <select
                    id={`offer-${i}-discount`}
                    value={o.discount?.type ?? "none"}
                    onChange={(e) => {
                      const type = e.currentTarget.value;
                      const { discount: _, ...rest } = o;
                      set(i, type === "none" ? rest : { ...rest, discount: { type: type as "fixed" | "percent", value: o.discount?.value ?? 10 } });
                    }}
                  >
                    {(["none", "percent", "fixed"] as const).map((t) => (
                      <option key={t} value={t}>
                        {m.discountTypes[t]}
                      </option>
                    ))}
                  </select>
                </div>
                {o.discount && (
                  <Field
                    id={`offer-${i}-value`}
                    label={m.discountValue}
                    type="number"
                    dir="ltr"
                    min={0}
                    value={String(o.discount.value)}
                    error={props.error(`${p}.discount.value`) ?? props.error(`${p}.discount`)}
                    onInput={(e) => o.discount && set(i, { ...o, discount: { ...o.discount, value: Number(e.currentTarget.value) } })}
                  />
                )}
                <SegmentsField
                  id={`offer-${i}-segments`}
                  label={m.audience}
                  value={o.audience.segments}
                  error={props.error(`${p}.audience.segments`)}
                  onValue={(segments) => set(i, { ...o, audience: { ...o.audience, segments } })}
                />
              </div>
              {o.kind !== "early_access" && (
                <section class="wide" aria-label={m.codes}>
                  <h4>{m.codes}</h4>
                  {saved ? <CodeUpload target={{ kind: "offer", id: o.id }} /> : <p class="hint">{m.saveFirst}</p>}
                </section>
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
