import type { Config } from "../../config/site-config";
import { useI18n, usePageMessages } from "../../i18n/i18n";
import { CheckField, NumField, patchLoyalty, ReferenceField, RowHead, type SectionProps, SelectField, ShopTextFields } from "./fields";
import { duplicateIds, useLoyaltyList } from "./list";
import { messages } from "./messages";

type Tier = Config["loyalty"]["tiers"][number];

/**
 * Tiers: what reaches them (points or spend, over which period) and, for each tier, its name in
 * three languages, the threshold, the points multiplier and its perks. Tiers can be added,
 * removed and put in order; the widget shows a member's progress to the next one.
 */
export function Tiers(props: SectionProps & { saved: Config }) {
  const page = usePageMessages(messages);
  const m = page.tiers;
  const { f } = useI18n();
  const { draft, change, error } = props;
  const l = draft.loyalty;
  const tiers = useLoyaltyList(props, "tiers", "tier");
  const dupes = duplicateIds(l.tiers);

  const add = () => {
    const last = l.tiers[l.tiers.length - 1];
    const tier: Tier = { id: tiers.placeholder("tier"), name: { en: "" }, threshold: last ? last.threshold * 2 || 100 : 0, multiplier: 1, freeShipping: false, earlyAccess: false };
    tiers.add(tier);
  };

  return (
    <section class="card" id="loyalty-tiers" aria-labelledby="loyalty-tiers-title">
      <h2 id="loyalty-tiers-title">{m.title}</h2>
      <p class="muted">{m.intro}</p>
      <div class="editor">
        <SelectField
          id="loyalty-tier-basis"
          label={m.basis}
          value={l.tierBasis}
          options={[
            ["points", m.basisOptions.points],
            ["spend", m.basisOptions.spend],
          ]}
          onValue={(tierBasis) => patchLoyalty(change, { tierBasis })}
        />
        <SelectField
          id="loyalty-tier-window"
          label={m.window}
          hint={m.windowHint}
          value={l.tierWindow}
          options={[
            ["lifetime", m.windowOptions.lifetime],
            ["calendar_year", m.windowOptions.calendar_year],
            ["rolling_12_months", m.windowOptions.rolling_12_months],
          ]}
          onValue={(tierWindow) => patchLoyalty(change, { tierWindow })}
        />
      </div>
      {l.tiers.length === 0 && <p class="muted">{m.none}</p>}
      <ol class="rows" aria-labelledby="loyalty-tiers-title">
        {l.tiers.map((tier, i) => {
          const id = `tier-${i}`;
          const at = `loyalty.tiers.${i}`;
          return (
            <li key={tiers.keys[i]} aria-labelledby={`${id}-title`}>
              <RowHead id={id} title={tier.name.en || m.unnamed(f.number(i + 1))} index={i} count={l.tiers.length} onMove={(to) => tiers.move(i, to)} onRemove={() => tiers.remove(i)} />
              <div class="editor" onFocusOut={(e) => (e.target as HTMLElement).id === `${id}-name-en` && tiers.settle(i, "tier")}>
                <ShopTextFields id={`${id}-name`} label={m.name} value={tier.name} onChange={(name) => tiers.update(i, { name })} error={(lang) => error(`${at}.name.${lang}`)} />
                <NumField
                  id={`${id}-threshold`}
                  label={l.tierBasis === "spend" ? m.thresholdSpend(draft.currency) : m.thresholdPoints}
                  hint={m.thresholdHint}
                  error={error(`${at}.threshold`)}
                  value={tier.threshold}
                  onValue={(n) => tiers.update(i, { threshold: n ?? Number.NaN })}
                />
                <NumField
                  id={`${id}-multiplier`}
                  label={m.multiplier}
                  hint={m.multiplierHint}
                  error={error(`${at}.multiplier`)}
                  value={tier.multiplier}
                  onValue={(n) => tiers.update(i, { multiplier: n ?? Number.NaN })}
                />
                <CheckField id={`${id}-free-shipping`} label={m.freeShipping} hint={m.freeShippingHint} checked={tier.freeShipping} onValue={(freeShipping) => tiers.update(i, { freeShipping })} />
                <CheckField id={`${id}-early-access`} label={m.earlyAccess} hint={m.earlyAccessHint} checked={tier.earlyAccess} onValue={(earlyAccess) => tiers.update(i, { earlyAccess })} />
                <ReferenceField
                  id={`${id}-reference`}
                  value={tier.id}
                  error={error(`${at}.id`) ?? (dupes.has(i) ? page.common.referenceTaken : undefined)}
                  onValue={(v) => tiers.update(i, { id: v })}
                />
              </div>
            </li>
          );
        })}
      </ol>
      <button type="button" id="tier-add" class="button secondary" onClick={add}>
        {m.add}
      </button>
    </section>
  );
}
