import type { Experience, Locale } from "../../../../worker/domain/experience-types";
import type { UiContext } from "../../shared/contract";

/** What every block receives: the experience, its locale, and the loader's services. */
export interface BlockProps {
  exp: Experience;
  l: Locale;
  ctx: UiContext;
  /** The page has its own `referral` placeholder, so the loyalty block leaves the referral part out. */
  referralHost?: boolean;
}

/** Only http(s) or same-site links from the API become hrefs/srcs (never `javascript:`). */
export const safeUrl = (u: string | null | undefined): string | undefined =>
  u && /^(https?:\/\/|\/(?!\/))/i.test(u) ? u : undefined;
