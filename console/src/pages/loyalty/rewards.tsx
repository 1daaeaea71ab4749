import type { Config } from "../../config/site-config";
import { Field } from "../../field";
import { useI18n, usePageMessages } from "../../i18n/i18n";
import { NumField, ReferenceField, RowHead, type SectionProps, SelectField, ShopTextFields } from "./fields";
import { duplicateIds, useLoyaltyList } from "./list";
import { messages } from "./messages";

type Reward = Config["loyalty"]["rewards"][number];

/**
 * Rewards: what points buy. Each has a name in three languages, a cost in points, a discount (an
 * amount of the shop's money or a percentage) and where its codes come from: a pool the shop
 * uploads (below on this page) or the shop's own system, called by webhook for each redemption.
 */
export function Rewards(props: SectionProps & { saved: Config }) {
  const page = usePageMessages(messages);
  const m = page.rewards;
  const { f } = useI18n();
  const { draft, change, error } = props;
  const rewards = useLoyaltyList(props, "rewards", "reward");
  const dupes = duplicateIds(draft.loyalty.rewards);
  const kinds = m.discountOptions(draft.currency);

  const add = () => {
    const reward: Reward = { id: rewards.placeholder("reward"), name: { en: "" }, cost: 100, discount: { type: "fixed", value: 5 }, delivery: "pool", webhookUrl: null };
    rewards.add(reward);
  };
  // A punch card naming a removed reward would point at nothing: it falls back to "none".
  const remove = (i: number) => {
    const gone = draft.loyalty.rewards[i]?.id;
    rewards.remove(i);
    change((c) => ({ ...c, loyalty: { ...c.loyalty, punchCards: c.loyalty.punchCards.map((p) => (p.rewardId === gone ? { ...p, rewardId: null } : p)) } }));
  };

  return (
    <section class="card" id="loyalty-rewards" aria-labelledby="loyalty-rewards-title">
      <h2 id="loyalty-rewards-title">{m.title}</h2>
      <p class="muted">{m.intro}</p>
      {draft.loyalty.rewards.length === 0 && <p class="muted">{m.none}</p>}
      <ul class="rows" aria-labelledby="loyalty-rewards-title">
        {draft.loyalty.rewards.map((reward, i) => {
          const id = `reward-${i}`;
          const at = `loyalty.rewards.${i}`;
          // The schema's two rules about the whole reward are shown at the field they are about.
          const whole = error(at);
          const percentProblem = reward.discount.type === "percent" && reward.discount.value > 100 && whole ? m.percentTooBig : undefined;
          const webhookProblem = reward.delivery === "webhook" && !reward.webhookUrl && whole ? m.webhookRequired : undefined;
          return (
            <li key={rewards.keys[i]} aria-labelledby={`${id}-title`}>
              <RowHead id={id} title={reward.name.en || m.unnamed(f.number(i + 1))} index={i} count={draft.loyalty.rewards.length} onMove={(to) => rewards.move(i, to)} onRemove={() => remove(i)} />
              <div class="editor" onFocusOut={(e) => (e.target as HTMLElement).id === `${id}-name-en` && rewards.settle(i, "reward")}>
                <ShopTextFields id={`${id}-name`} label={m.name} value={reward.name} onChange={(name) => rewards.update(i, { name })} error={(lang) => error(`${at}.name.${lang}`)} />
                <NumField id={`${id}-cost`} label={m.cost} error={error(`${at}.cost`)} value={reward.cost} onValue={(n) => rewards.update(i, { cost: n ?? Number.NaN })} />
                <SelectField
                  id={`${id}-discount-type`}
                  label={m.discount}
                  value={reward.discount.type}
                  options={[
                    ["fixed", kinds.fixed],
                    ["percent", kinds.percent],
                  ]}
                  onValue={(type) => rewards.update(i, { discount: { ...reward.discount, type } })}
                />
                <NumField
                  id={`${id}-discount-value`}
                  label={reward.discount.type === "fixed" ? m.amount(draft.currency) : m.percent}
                  error={error(`${at}.discount.value`) ?? percentProblem}
                  value={reward.discount.value}
                  onValue={(n) => rewards.update(i, { discount: { ...reward.discount, value: n ?? Number.NaN } })}
                />
                <SelectField
                  id={`${id}-delivery`}
                  label={m.delivery}
                  value={reward.delivery}
                  options={[
                    ["pool", m.deliveryOptions.pool],
                    ["webhook", m.deliveryOptions.webhook],
                  ]}
                  onValue={(delivery) => rewards.update(i, { delivery })}
                />
                {reward.delivery === "webhook" && (
                  <div class="wide">
                    <Field
                      id={`${id}-webhook-url`}
                      label={m.webhookUrl}
                      hint={m.webhookUrlHint}
                      error={error(`${at}.webhookUrl`) ?? webhookProblem}
                      type="url"
                      dir="ltr"
                      placeholder="https://shop.example/hooks/revisit-codes"
                      value={reward.webhookUrl ?? ""}
                      onInput={(e) => rewards.update(i, { webhookUrl: e.currentTarget.value.trim() === "" ? null : e.currentTarget.value })}
                    />
                  </div>
                )}
                <ReferenceField
                  id={`${id}-reference`}
                  value={reward.id}
                  error={error(`${at}.id`) ?? (dupes.has(i) ? page.common.referenceTaken : undefined)}
                  onValue={(v) => rewards.update(i, { id: v })}
                />
              </div>
            </li>
          );
        })}
      </ul>
      <button type="button" id="reward-add" class="button secondary" onClick={add}>
        {m.add}
      </button>
    </section>
  );
}
