import { useState } from "preact/hooks";
import { useCanEdit } from "../../app";
import type { Config } from "../../config/site-config";
import { LOCALE_NAMES, LOCALES, type Locale, useI18n, usePageMessages } from "../../i18n/i18n";
import { WidgetPreview } from "../../preview/widget-preview";
import { messages } from "./messages";

/**
 * The widget's colours (the CSS custom properties `widget.theme` may set), one colour input per
 * colour variable with the widget's own default shown until the shop picks another, and the live
 * preview of the draft beside them in a chosen language. `--revisit-radius` and `--revisit-font`
 * are not colours; they stay as they are in the configuration.
 */
export const THEME_COLOURS = [
  { name: "--revisit-accent", fallback: "#2450b2" },
  { name: "--revisit-bg", fallback: "#ffffff" },
  { name: "--revisit-fg", fallback: "#1b1b1f" },
] as const;

const HEX = /^#[0-9a-f]{6}$/i;

export function Theme(props: { draft: Config; change: (edit: (c: Config) => Config) => void }) {
  const page = usePageMessages(messages);
  const { locale } = useI18n();
  const canEdit = useCanEdit();
  const [shopperLocale, setShopperLocale] = useState<Locale>(locale);
  const theme = props.draft.widget.theme;
  const set = (name: string, value: string | null) =>
    props.change((c) => {
      const next = { ...c.widget.theme };
      if (value === null) delete next[name];
      else next[name] = value;
      return { ...c, widget: { ...c.widget, theme: next } };
    });

  return (
    <section class="card theme" aria-labelledby="theme-title">
      <h2 id="theme-title">{page.theme.title}</h2>
      <p class="hint">{page.theme.intro}</p>
      <div class="theme-layout">
        <div class="colours">
          {THEME_COLOURS.map(({ name, fallback }) => {
            const value = theme[name];
            const id = `colour${name.slice("--revisit".length)}`;
            return (
              <div class="colour-row" key={name}>
                <label for={id}>{page.theme.names[name] ?? name}</label>
                <input
                  id={id}
                  type="color"
                  value={value && HEX.test(value) ? value : fallback}
                  disabled={!canEdit}
                  aria-describedby={`${id}-value`}
                  onInput={(e) => set(name, e.currentTarget.value)}
                />
                <span id={`${id}-value`} class="colour-value">
                  <code dir="ltr">{value ?? fallback}</code> {value === undefined ? page.theme.isDefault : ""}
                </span>
                {canEdit && value !== undefined && (
                  <button type="button" class="button secondary" onClick={() => set(name, null)} aria-label={page.theme.resetOne(page.theme.names[name] ?? name)}>
                    {page.theme.reset}
                  </button>
                )}
              </div>
            );
          })}
        </div>
        <div class="theme-preview">
          <div class="field">
            <label for="theme-preview-locale">{page.theme.previewLanguage}</label>
            <select id="theme-preview-locale" value={shopperLocale} onChange={(e) => setShopperLocale(e.currentTarget.value as Locale)}>
              {LOCALES.map((l) => (
                <option key={l} value={l} lang={l}>
                  {LOCALE_NAMES[l]}
                </option>
              ))}
            </select>
          </div>
          <div class="preview-frame" lang={shopperLocale} dir={shopperLocale === "en" ? "ltr" : "rtl"}>
            <WidgetPreview config={props.draft} locale={shopperLocale} focus="greeting" />
          </div>
        </div>
      </div>
    </section>
  );
}
