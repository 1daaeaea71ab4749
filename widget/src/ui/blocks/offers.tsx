import type { Locale, Offer } from "../../../../contract/experience";
import { xt as t } from "../extras-i18n";
import { formatDate, formatMoney, formatNumber, formatPercent } from "../format";
import { CopyField } from "./copy-field";
import { safeUrl, type BlockProps } from "./props";

/** "15% off" / "$5.00 off" in the shopper's locale, or "" for an offer without a discount. */
export function discountText(l: Locale, d: Offer["discount"], currency: string): string {
  if (!d) return "";
  return t(l, "off", { amount: d.type === "percent" ? formatPercent(l, d.value) : formatMoney(l, d.value, currency) });
}

interface CardProps {
  o: Offer;
  l: Locale;
  currency: string;
  /** Inside a content slot (the hero): the slot's own headline, message and link lead. */
  inSlot?: boolean;
  /** In a slot on a page with an offers block: point to the code there rather than repeat it. */
  pointer?: boolean | undefined;
}

/** The page's `offers` placeholder, where the shopper's codes are shown (null when it has none). */
const offersHost = () => document.querySelector<HTMLElement>('[data-revisit="offers"]');

/**
 * One offer, one headline and one call to action. In the offers block: the shop-written title
 * (always text, never markup), its message, the discount only when the title does not already say
 * it, the shopper's own code with a Copy button, "Valid until …" in the locale's calendar, and the
 * offer's link. In a content slot (the hero) the slot's headline, message and link already sell
 * it: the card adds only the code, and a page with an offers block shows a code in one place only,
 * so there the hero points to it instead ("See your code", scrolling to it) and repeats nothing.
 */
export function OfferCard({ o, l, currency, inSlot, pointer }: CardProps) {
  const off = discountText(l, o.discount, currency);
  const until = o.expiresAt ? formatDate(l, o.expiresAt) : "";
  const url = safeUrl(o.url);
  const d = o.discount;
  // "15% off to welcome you back" already says it: its digits (the page's) are in the title.
  const said = !!d && o.title.includes(formatNumber(l, d.value));
  if (inSlot) {
    if (!o.code) return null;
    return (
      <div class="offer" data-testid="revisit-offer" data-offer-id={o.id} data-kind={o.kind}>
        {pointer ? (
          <button
            type="button"
            class="lnk lnkb"
            data-testid="revisit-offer-pointer"
            onClick={() => {
              const host = offersHost();
              host?.scrollIntoView({ behavior: "smooth", block: "center" });
              host?.shadowRoot?.querySelector<HTMLElement>(`[data-offer-id="${o.id}"] input`)?.focus({ preventScroll: true });
            }}
          >
            {t(l, "code_below")}
          </button>
        ) : (
          <CopyField l={l} label={t(l, "code")} value={o.code} testid="revisit-offer-code" />
        )}
      </div>
    );
  }
  return (
    <div class="offer" data-testid="revisit-offer" data-offer-id={o.id} data-kind={o.kind}>
      <h3>{o.title}</h3>
      {o.message && <p class="m0">{o.message}</p>}
      {off && !said && <p class="m0 off">{off}</p>}
      {o.code && <CopyField l={l} label={t(l, "code")} value={o.code} testid="revisit-offer-code" />}
      {until && (
        <p class="muted m0" data-testid="revisit-offer-expiry">
          {t(l, "valid", { date: until })}
        </p>
      )}
      {url && (
        <a class="lnk" href={url}>
          {t(l, "see_offer")}
        </a>
      )}
    </div>
  );
}

/** Every offer this shopper has now (win-back, birthday, anniversary, early access), with codes. */
export function Offers({ exp, l }: BlockProps) {
  const list = exp.offers || [];
  if (!list.length) return null;
  return (
    <section class="box" data-testid="revisit-offers" aria-labelledby="rv-offers">
      <h2 id="rv-offers">{t(l, "offers")}</h2>
      <ul class="list">
        {list.map((o) => (
          <li key={o.id}>
            <OfferCard o={o} l={l} currency={exp.currency} />
          </li>
        ))}
      </ul>
    </section>
  );
}
