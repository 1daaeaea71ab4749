/**
 * The extras chunk: blocks only some shoppers need (loyalty with rewards and referral, offers
 * with their codes). The UI block `import()`s it only when the experience has loyalty or offers,
 * so an anonymous shopper never downloads these components or their English messages (issue #7;
 * its own budget in widget/budgets.mjs). Arabic and Persian ones are chunks of their own
 * (locales/extras-<l>.ts), fetched alongside and registered with `addExtrasMessages`.
 */
import "./core";
export { addExtrasMessages } from "./extras-i18n";
export { Loyalty } from "./blocks/loyalty";
import { loyaltyCss } from "./blocks/loyalty";
export { Referral } from "./blocks/referral";
export { OfferCard, Offers } from "./blocks/offers";
import { extrasCss as shared } from "./styles/extras.css";
import { sheet } from "../shared/sheet";

/** The extras chunk's styles: the shared ones (styles/extras.css.ts) and the loyalty block's own. */
export const extrasCss = shared + loyaltyCss;

// Parsed as the chunk arrives, in that task: not inside the first extras block's drawing (8 ms on a
// desktop, bench:page). Nothing where there are no constructable sheets (the server, old Safari).
try {
  sheet(extrasCss);
} catch {}
