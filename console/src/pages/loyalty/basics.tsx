import { useRef, useState } from "preact/hooks";
import { Field } from "../../field";
import { useI18n, usePageMessages } from "../../i18n/i18n";
import { CheckField, NumField, patchLoyalty, type SectionProps, SelectField } from "./fields";
import { messages } from "./messages";

/** An order total the example sentence uses: round enough to read, big enough to show rounding. */
const EXAMPLE_ORDER = 49.9;

/**
 * Program basics: whether and how fast orders earn, rounding, other currencies, how long order
 * points wait for the return window, expiry, and what a point is worth to the shop. A live
 * example ("an order of $49.90 earns 49 points") shows the rate and rounding in the shop's money.
 */
export function Basics(props: SectionProps) {
  const m = usePageMessages(messages).basics;
  const { f } = useI18n();
  const { draft, change, error } = props;
  const l = draft.loyalty;
  const currency = draft.currency;
  // Turning orders off and on again within a visit brings back the rate that was there.
  const lastRate = useRef(l.pointsPerUnit > 0 ? l.pointsPerUnit : 1);
  if (l.pointsPerUnit > 0) lastRate.current = l.pointsPerUnit;
  const earns = l.pointsPerUnit !== 0;
  const points = Number.isFinite(l.pointsPerUnit) ? { floor: Math.floor, round: Math.round, ceil: Math.ceil }[l.rounding](EXAMPLE_ORDER * l.pointsPerUnit) : null;

  return (
    <section class="card" id="loyalty-basics" aria-labelledby="loyalty-basics-title">
      <h2 id="loyalty-basics-title">{m.title}</h2>
      <div class="editor">
        <div class="wide">
          <CheckField id="loyalty-earn-orders" label={m.earnOnOrders} hint={m.earnOnOrdersHint} checked={earns} onValue={(on) => patchLoyalty(change, { pointsPerUnit: on ? lastRate.current : 0 })} />
        </div>
        {earns && (
          <>
            <div>
              <NumField
                id="loyalty-points-per-unit"
                label={m.pointsPerUnit(currency)}
                hint={m.pointsPerUnitHint}
                error={error("loyalty.pointsPerUnit")}
                value={l.pointsPerUnit}
                onValue={(n) => patchLoyalty(change, { pointsPerUnit: n ?? Number.NaN })}
              />
              {points !== null && (
                <p class="hint example" aria-live="polite">
                  {m.example(f.money(EXAMPLE_ORDER, currency), f.number(points))}
                </p>
              )}
            </div>
            <SelectField
              id="loyalty-rounding"
              label={m.rounding}
              error={error("loyalty.rounding")}
              value={l.rounding}
              options={[
                ["floor", m.roundingOptions.floor],
                ["round", m.roundingOptions.round],
                ["ceil", m.roundingOptions.ceil],
              ]}
              onValue={(rounding) => patchLoyalty(change, { rounding })}
            />
          </>
        )}
        <NumField
          id="loyalty-pending-days"
          label={m.pendingDays}
          hint={m.pendingDaysHint}
          error={error("loyalty.pendingDays")}
          value={l.pendingDays}
          onValue={(n) => patchLoyalty(change, { pendingDays: n ?? Number.NaN })}
        />
        <div>
          <CheckField id="loyalty-expires" label={m.expires} checked={l.expiryDays !== null} onValue={(on) => patchLoyalty(change, { expiryDays: on ? 365 : null })} />
          {l.expiryDays !== null && (
            <NumField
              id="loyalty-expiry-days"
              label={m.expiryDays}
              hint={m.expiryDaysHint}
              error={error("loyalty.expiryDays")}
              value={l.expiryDays}
              onValue={(n) => patchLoyalty(change, { expiryDays: n ?? Number.NaN })}
            />
          )}
        </div>
        <NumField
          id="loyalty-point-value"
          label={m.pointValue(currency)}
          hint={m.pointValueHint}
          error={error("insights.pointValue")}
          value={draft.insights.pointValue}
          onValue={(n) => change((c) => ({ ...c, insights: { ...c.insights, pointValue: n } }))}
        />
        {earns && <CurrencyRates {...props} />}
      </div>
    </section>
  );
}

/** Points per unit of other currencies: each listed currency with its rate, and a small form to add one. */
function CurrencyRates(props: SectionProps) {
  const m = usePageMessages(messages).basics;
  const { t } = useI18n();
  const { draft, change, error } = props;
  const rates = draft.loyalty.currencyRates;
  const [code, setCode] = useState("");
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const setRates = (next: Record<string, number>) => patchLoyalty(change, { currencyRates: next });

  const add = () => {
    const c = code.trim().toUpperCase();
    if (!/^[A-Z]{3}$/.test(c)) return setProblem(m.currencyInvalid);
    if (c === draft.currency || c in rates) return setProblem(m.currencyTaken);
    setRates({ ...rates, [c]: draft.loyalty.pointsPerUnit });
    setCode("");
    setProblem(undefined);
    requestAnimationFrame(() => document.getElementById(`loyalty-rate-${c}`)?.focus());
  };

  return (
    <fieldset class="wide plain-group" aria-describedby="loyalty-rates-hint">
      <legend>{m.otherCurrencies}</legend>
      <p id="loyalty-rates-hint" class="hint">
        {m.otherCurrenciesHint(draft.currency)}
      </p>
      <ul class="rates">
        {Object.entries(rates).map(([c, rate]) => (
          <li key={c}>
            <NumField id={`loyalty-rate-${c}`} label={m.rate(c)} error={error(`loyalty.currencyRates.${c}`)} value={rate} onValue={(n) => setRates({ ...rates, [c]: n ?? Number.NaN })} />
            <button
              type="button"
              class="button secondary"
              onClick={() => {
                const { [c]: _, ...rest } = rates;
                setRates(rest);
              }}
            >
              {t.forms.remove}
              <span class="visually-hidden"> {c}</span>
            </button>
          </li>
        ))}
      </ul>
      <div class="add-line">
        <Field
          id="loyalty-new-currency"
          label={m.currencyCode}
          hint={m.currencyCodeHint}
          error={problem}
          dir="ltr"
          maxLength={3}
          autoComplete="off"
          value={code}
          onInput={(e) => setCode(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              add();
            }
          }}
        />
        <button type="button" class="button secondary" onClick={add}>
          {m.addCurrency}
        </button>
      </div>
    </fieldset>
  );
}
