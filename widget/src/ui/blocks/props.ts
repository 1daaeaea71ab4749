import type { Experience, Locale } from "../../../../contract/experience";
import type { UiContext } from "../../shared/contract";
import type * as ExtrasModule from "../extras";

/** The lazily loaded extras chunk (loyalty, referral, offers): see ../extras.ts. */
export type Extras = typeof ExtrasModule;

/** What every block receives: the experience, its locale, and the loader's services. */
export interface BlockProps {
  exp: Experience;
  l: Locale;
  ctx: UiContext;
  /** The extras chunk once loaded (it is, whenever the experience has loyalty or offers), else null. */
  x: Extras | null;
  /** The slot of a `content:<slot>` placeholder; empty for other blocks. */
  slot?: string;
  /** The page has its own `referral` placeholder, so the loyalty block leaves the referral part out. */
  referralHost?: boolean;
  /** The page has an `offers` placeholder, so a content slot points to the code there instead of repeating it. */
  offersHost?: boolean;
}

/** Whether this experience shows anything from the extras chunk (points, referral, offers). */
export const needsExtras = (exp: Experience): boolean => !!exp.loyalty || (exp.offers?.length ?? 0) > 0;

/** Only http(s) or same-site links from the API become hrefs/srcs (never `javascript:`). */
export const safeUrl = (u: string | null | undefined): string | undefined => (u && /^(https?:\/\/|\/(?!\/))/i.test(u) ? u : undefined);
