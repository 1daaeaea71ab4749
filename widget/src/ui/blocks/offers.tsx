import type { Locale, Offer } from "../../../../contract/experience";
import { xt as t } from "../extras-i18n";
import { formatDate, formatMoney, formatPercent } from "../format";
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
  /** Inside a content slot the slot's headline leads, so the title is plain strong text. */
  inSlot?: boolean;
}

/**
 * One offer: its shop-written title and message (always text, never markup), the discount, the
 * shopper's own code with a Copy button, "Valid until …" in the locale's calendar, and its link.
 */
export function OfferCard({ o, l, currency, inSlot }: CardProps) {
  const off = discountText(l, o.discount, currency);
  const until = o.expiresAt ? formatDate(l, o.expiresAt) : "";
  const url = safeUrl(o.url);
  return (
    <div class="offer" data-testid="revisit-offer" data-offer-id={o.id} data-kind={o.kind}>
      {inSlot ? <strong class="blk">{o.title}</strong> : <h3>{o.title}</h3>}
      {o.message && <p class="m0">{o.message}</p>}
      {off && <p class="m0 off">{off}</p>}
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
