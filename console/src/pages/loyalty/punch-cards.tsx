import type { Config } from "../../config/site-config";
import { useI18n, usePageMessages } from "../../i18n/i18n";
import { isolate, ListField, NumField, ReferenceField, RowHead, type SectionProps, SelectField, ShopTextFields } from "./fields";
import { duplicateIds, useLoyaltyList } from "./list";
import { messages } from "./messages";

type Card = Config["loyalty"]["punchCards"][number];

/**
 * Punch cards ("buy 6, the 7th is free"): which products or categories earn a stamp, how many
 * stamps fill the card, and the reward whose code hands out the free item (or none, when the
 * shop gives it by hand). Categories are picked from the shop's catalog by name.
 */
export function PunchCards(props: SectionProps & { saved: Config }) {
  const page = usePageMessages(messages);
  const m = page.cards;
  const { f, locale } = useI18n();
  const { draft, error } = props;
  const cards = useLoyaltyList(props, "punchCards", "card");
  const rewardOptions = [["", m.noReward] as const, ...draft.loyalty.rewards.map((r) => [r.id, isolate(r.name[locale] || r.name.en || r.id)] as const)];
  const dupes = duplicateIds(draft.loyalty.punchCards);

  const add = () => {
    const card: Card = { id: cards.placeholder("card"), name: { en: "" }, productIds: [], categories: draft.categories[0] ? [draft.categories[0].id] : [], required: 6, rewardId: null };
    cards.add(card);
  };

  return (
    <section class="card" id="loyalty-cards" aria-labelledby="loyalty-cards-title">
      <h2 id="loyalty-cards-title">{m.title}</h2>
      <p class="muted">{m.intro}</p>
      {draft.loyalty.punchCards.length === 0 && <p class="muted">{m.none}</p>}
      <ul class="rows" aria-labelledby="loyalty-cards-title">
        {draft.loyalty.punchCards.map((card, i) => {
          const id = `card-${i}`;
          const at = `loyalty.punchCards.${i}`;
          // The schema's "needs products or categories" rule is about the whole card; it shows at the product list.
          const empty = card.productIds.length + card.categories.length === 0 && error(at) ? m.needsProducts : undefined;
          const known = new Set(draft.categories.map((c) => c.id));
          // Categories the card names that the catalog does not (yet) list still show, by id, so they can be unticked.
          const choices = [...draft.categories.map((c) => ({ id: c.id, name: c.name[locale] || c.name.en })), ...card.categories.filter((c) => !known.has(c)).map((c) => ({ id: c, name: c }))];
          const toggle = (cat: string, on: boolean) => cards.update(i, { categories: on ? [...card.categories, cat] : card.categories.filter((c) => c !== cat) });
          return (
            <li key={cards.keys[i]} aria-labelledby={`${id}-title`}>
              <RowHead
                id={id}
                title={card.name.en || m.unnamed(f.number(i + 1))}
                index={i}
                count={draft.loyalty.punchCards.length}
                onMove={(to) => cards.move(i, to)}
                onRemove={() => cards.remove(i)}
              />
              <div class="editor" onFocusOut={(e) => (e.target as HTMLElement).id === `${id}-name-en` && cards.settle(i, "card")}>
                <ShopTextFields id={`${id}-name`} label={m.name} value={card.name} onChange={(name) => cards.update(i, { name })} error={(lang) => error(`${at}.name.${lang}`)} />
                <NumField
                  id={`${id}-required`}
                  label={m.required}
                  hint={m.requiredHint}
                  error={error(`${at}.required`)}
                  value={card.required}
                  onValue={(n) => cards.update(i, { required: n ?? Number.NaN })}
                />
                <SelectField
                  id={`${id}-reward`}
                  label={m.reward}
                  error={error(`${at}.rewardId`)}
                  value={card.rewardId ?? ""}
                  options={rewardOptions}
                  onValue={(v) => cards.update(i, { rewardId: v === "" ? null : v })}
                />
                <fieldset class="wide plain-group">
                  <legend>{m.categories}</legend>
                  {choices.length === 0 ? (
                    <p class="hint">{m.noCategories}</p>
                  ) : (
                    <ul class="choices">
                      {choices.map((cat) => (
                        <li key={cat.id}>
                          <input id={`${id}-cat-${cat.id}`} type="checkbox" checked={card.categories.includes(cat.id)} onChange={(e) => toggle(cat.id, e.currentTarget.checked)} />
                          <label for={`${id}-cat-${cat.id}`}>{cat.name}</label>
                        </li>
                      ))}
                    </ul>
                  )}
                </fieldset>
                <ListField
                  id={`${id}-products`}
                  label={m.products}
                  hint={m.productsHint}
                  error={error(`${at}.productIds`, true) ?? empty}
                  value={card.productIds}
                  onValue={(productIds) => cards.update(i, { productIds })}
                />
                <ReferenceField
                  id={`${id}-reference`}
                  value={card.id}
                  error={error(`${at}.id`) ?? (dupes.has(i) ? page.common.referenceTaken : undefined)}
                  onValue={(v) => cards.update(i, { id: v })}
                />
              </div>
            </li>
          );
        })}
      </ul>
      <button type="button" id="card-add" class="button secondary" onClick={add}>
        {m.add}
      </button>
    </section>
  );
}
