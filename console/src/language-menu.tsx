import { LOCALE_NAMES, LOCALES, type Locale, useI18n } from "./i18n/i18n";

/**
 * The language menu: a labelled native <select>, so it works with the keyboard, screen readers
 * and phone pickers without custom code. Each language is named in itself.
 */
export function LanguageMenu(props: { id: string; onLocale: (l: Locale) => void }) {
  const { t, locale } = useI18n();
  return (
    <div class="language">
      <label for={props.id}>{t.language}</label>
      <select id={props.id} value={locale} onChange={(e) => props.onLocale((e.currentTarget as HTMLSelectElement).value as Locale)}>
        {LOCALES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LOCALE_NAMES[l]}
          </option>
        ))}
      </select>
    </div>
  );
}
