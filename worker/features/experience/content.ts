import type { ContentSlot, Locale, Offer } from "../../../contract/experience";
import { localize, type LocalText } from "../../platform/localize";

/**
 * Segment-targeted content slots: for each slot the shop configured, the first variant
 * whose segment the shopper is in, else the slot's default (`segment: null`). Pure.
 */

/** A slot variant as the site config defines it (worker/features/experience/content.schemas.ts). */
export interface ContentVariantRule {
  segment: string | null;
  headline?: LocalText | undefined;
  message?: LocalText | undefined;
  image?: { url: string; alt: LocalText } | undefined;
  link?: { url: string; label: LocalText } | undefined;
  offer?: string | undefined;
}

export interface ContentConfig {
  slots: { id: string; variants: ContentVariantRule[] }[];
}

/**
 * Every slot's content for this shopper, in their language. A variant's offer is linked only when
 * it is among the shopper's offers right now; a variant that would then show nothing is passed
 * over for the next one (e.g. an offer-only variant for a shopper whose code is spent).
 */
export function chooseContent(config: ContentConfig, segments: ReadonlySet<string>, offers: readonly Offer[], locale: Locale): Record<string, ContentSlot> {
  const out: Record<string, ContentSlot> = {};
  const mine = new Set(offers.map((o) => o.id));
  const text = (t: LocalText | undefined) => (t ? localize(t, locale) : null);
  for (const slot of config.slots) {
    const candidates = [...slot.variants.filter((v) => v.segment !== null && segments.has(v.segment)), ...slot.variants.filter((v) => v.segment === null)];
    for (const v of candidates) {
      const shown: ContentSlot = {
        segment: v.segment,
        headline: text(v.headline),
        message: text(v.message),
        image: v.image ? { url: v.image.url, alt: localize(v.image.alt, locale) } : null,
        link: v.link ? { url: v.link.url, label: localize(v.link.label, locale) } : null,
        offerId: v.offer !== undefined && mine.has(v.offer) ? v.offer : null,
      };
      if (shown.headline === null && shown.message === null && shown.image === null && shown.link === null && shown.offerId === null) continue;
      out[slot.id] = shown;
      break;
    }
  }
  return out;
}
