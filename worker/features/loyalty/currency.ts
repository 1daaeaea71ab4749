import type { LoyaltyProgram } from "./program";

/** How one order currency counts on a site, decided once at the edge and stored with the order. */
export interface CurrencyTerms {
  /** The site currency, or one with its own entry in `currencyRates`. Anything else has no known value. */
  supported: boolean;
  /** Points per whole unit of the currency; 0 when unsupported (an unknown currency never earns). */
  rate: number;
  /**
   * Site-currency units one unit of this currency counts as for spend (spend tiers, lifecycle VIP,
   * RFM): the currency's points rate over the site currency's, so `{ JPY: 0.01 }` on a USD shop
   * counts 10,000 JPY as 100 of spend, not 10,000. 1 for the site currency; face value (1) when the
   * site currency earns no points (no ratio to take); 0 when unsupported.
   */
  spendFactor: number;
}

/**
 * Terms of `currency` for a site whose own currency is `siteCurrency`. Codes compare upper-cased.
 * An order in a currency the shop never priced must not earn one point per unit (100,000 IDR were
 * 100,050 points): it is unsupported, earns nothing and adds no spend, until the shop adds a rate.
 */
export function currencyTerms(currency: string, siteCurrency: string, program: Pick<LoyaltyProgram, "pointsPerUnit" | "currencyRates">): CurrencyTerms {
  const code = currency.toUpperCase();
  const home = siteCurrency.toUpperCase();
  const own = Object.hasOwn(program.currencyRates, code) ? program.currencyRates[code] : undefined;
  const homeRate = (Object.hasOwn(program.currencyRates, home) ? program.currencyRates[home] : undefined) ?? program.pointsPerUnit;
  if (code === home) return { supported: true, rate: homeRate, spendFactor: 1 };
  if (own === undefined) return { supported: false, rate: 0, spendFactor: 0 };
  return { supported: true, rate: own, spendFactor: homeRate > 0 ? own / homeRate : 1 };
}
