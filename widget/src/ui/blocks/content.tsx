import { safeUrl, type BlockProps } from "./props";

/**
 * A `data-revisit="content:<slot>"` placeholder: the shop's content chosen for this shopper's
 * segment (headline, message, image with its alt text, a link), plus the offer it presents with
 * the shopper's code. Shop-written text is rendered as text, never as markup. Nothing (and no
 * space taken) when the slot has nothing for this shopper.
 *
 * Laid out as a banner of bounded height, whatever the variant (issue 15: the lapsed customer's
 * hero grew from 112 to 503 px after load): the image is a fixed square beside the text (a
 * product shot is shown whole, not cut to a strip), the headline is at most two lines and the
 * message three, and the card fills the height the shop reserved for the slot. So a shop can
 * reserve one height for every variant (blocks.css.ts has the arithmetic) and nothing moves.
 */
export function Content({ exp, l, x, slot, offersHost }: BlockProps) {
  const c = slot ? exp.content?.[slot] : undefined;
  if (!c) return null;
  const img = c.image ? safeUrl(c.image.url) : undefined;
  const link = c.link ? safeUrl(c.link.url) : undefined;
  const offer = c.offerId ? (exp.offers || []).find((o) => o.id === c.offerId) : undefined;
  if (!c.headline && !c.message && !img && !link && !offer) return null;
  return (
    <section class="box cslot" data-testid="revisit-content" data-slot={slot} data-segment={c.segment ?? ""} aria-labelledby={c.headline ? "rv-slot" : undefined}>
      {img && <img class="simg" src={img} alt={c.image?.alt ?? ""} width={104} height={104} decoding="async" />}
      <div class="ctx">
        {c.headline && (
          <h2 id="rv-slot" data-testid="revisit-content-headline">
            {c.headline}
          </h2>
        )}
        {c.message && (
          <p class="m0" data-testid="revisit-content-message">
            {c.message}
          </p>
        )}
        {offer && x && <x.OfferCard o={offer} l={l} currency={exp.currency} inSlot pointer={offersHost} />}
        {link && c.link && (
          <a class="btn" href={link} data-testid="revisit-content-link">
            {c.link.label}
          </a>
        )}
      </div>
    </section>
  );
}
