import type { Locale } from "../../contract/experience";

export type LocalText = { en: string; ar?: string | undefined; fa?: string | undefined };

/** Shop-written text in the shopper's language, falling back to English. */
export function localize(text: LocalText, locale: Locale): string {
  return text[locale] ?? text.en;
}
