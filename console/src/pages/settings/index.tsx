import { useState } from "preact/hooks";
import { useCanEdit } from "../../app";
import { type Config, checkConfig, type DraftIssue, useSiteConfig } from "../../config/site-config";
import { errorMessage, issueText } from "../../errors";
import { Field } from "../../field";
import { SaveBar } from "../../forms/save-bar";
import { LOCALE_NAMES, LOCALES, type Locale, useI18n, usePageMessages } from "../../i18n/i18n";
import type { PageProps } from "../../layout";
import { CopyButton } from "../../forms/copy-button";
import { KeyRotation, type RotatedKeys } from "./keys";
import { messages } from "./messages";
import { Numbers } from "./numbers";
import { Theme } from "./theme";

type Change = (edit: (c: Config) => Config) => void;

/** Values the browser knows (currencies, time zones), offered as suggestions; an old browser offers none. */
function supported(kind: "currency" | "timeZone"): string[] {
  try {
    return (Intl as unknown as { supportedValuesOf: (k: string) => string[] }).supportedValuesOf(kind);
  } catch {
    return [];
  }
}

/**
 * Settings: the shop's name, currency, default language and time zone, the sites allowed to load
 * the widget, its colours with a live preview, the digits and calendar of Arabic and Persian pages,
 * the install snippet, and (owner only) key rotation.
 * The configuration parts are one draft saved with the SaveBar; a failed save keeps every field.
 */
export function Page(_: PageProps) {
  const page = usePageMessages(messages);
  const { t } = useI18n();
  const cfg = useSiteConfig();
  const [rotated, setRotated] = useState<RotatedKeys | null>(null);
  const s = cfg.state;

  return (
    <section class="page settings" aria-labelledby="settings-title">
      <h1 id="settings-title" tabIndex={-1}>
        {page.title}
      </h1>
      {s.phase === "loading" ? (
        <p class="muted" role="status">
          {t.loading}
        </p>
      ) : s.phase === "failed" ? (
        <div class="card" role="alert">
          <p>{errorMessage(t, s.error)}</p>
          <button type="button" class="button secondary" onClick={cfg.retry}>
            {t.forms.retry}
          </button>
        </div>
      ) : (
        <>
          <General draft={s.draft} issues={s.issues} change={cfg.change} />
          <Origins draft={s.draft} issues={s.issues} change={cfg.change} />
          <Theme draft={s.draft} change={cfg.change} />
          <Numbers draft={s.draft} change={cfg.change} />
          <SaveBar state={s} dirty={cfg.dirty} onSave={cfg.save} onDiscard={cfg.discard} />
        </>
      )}
      <Install publishableKey={rotated?.publishableKey ?? null} />
      <KeyRotation onRotated={setRotated} />
    </section>
  );
}

/** The error to show at `path` (or under it), in the page's language. */
function errorAt(t: ReturnType<typeof useI18n>["t"], issues: DraftIssue[], path: string): string | undefined {
  const issue = issues.find((i) => i.path === path || i.path.startsWith(`${path}.`));
  return issue ? issueText(t, issue) : undefined;
}

function General(props: { draft: Config; issues: DraftIssue[]; change: Change }) {
  const page = usePageMessages(messages);
  const { t } = useI18n();
  const canEdit = useCanEdit();
  const d = props.draft;
  const set = (patch: Partial<Config>) => props.change((c) => ({ ...c, ...patch }));
  return (
    <section class="card" aria-labelledby="general-title">
      <h2 id="general-title">{page.general.title}</h2>
      <fieldset class="plain editor" disabled={!canEdit}>
        <legend class="visually-hidden">{page.general.title}</legend>
        <Field id="shop-name" label={page.general.name} error={errorAt(t, props.issues, "name")} value={d.name} onInput={(e) => set({ name: e.currentTarget.value })} />
        <Field
          id="shop-currency"
          label={page.general.currency}
          hint={page.general.currencyHint}
          error={errorAt(t, props.issues, "currency")}
          dir="ltr"
          list="currency-list"
          autoComplete="off"
          maxLength={3}
          value={d.currency}
          onInput={(e) => set({ currency: e.currentTarget.value.trim().toUpperCase() })}
        />
        <datalist id="currency-list">
          {supported("currency").map((c) => (
            <option key={c} value={c} />
          ))}
        </datalist>
        <div class="field">
          <label for="shop-locale">{page.general.language}</label>
          <p id="shop-locale-hint" class="hint">
            {page.general.languageHint}
          </p>
          <select id="shop-locale" aria-describedby="shop-locale-hint" value={d.locale} onChange={(e) => set({ locale: e.currentTarget.value as Locale })}>
            {LOCALES.map((l) => (
              <option key={l} value={l} lang={l}>
                {LOCALE_NAMES[l]}
              </option>
            ))}
          </select>
        </div>
        <Field
          id="shop-time-zone"
          label={page.general.timeZone}
          hint={page.general.timeZoneHint}
          error={errorAt(t, props.issues, "timeZone")}
          dir="ltr"
          list="time-zone-list"
          autoComplete="off"
          value={d.timeZone}
          onInput={(e) => set({ timeZone: e.currentTarget.value.trim() })}
        />
        <datalist id="time-zone-list">
          {supported("timeZone").map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
      </fieldset>
      {/* Each language's own name in a bidi isolate, so the Arabic and Persian names keep their order in any sentence. */}
      <p class="hint">{page.general.widgetLanguages(LOCALES.map((l) => `\u2068${LOCALE_NAMES[l]}\u2069`).join(" · "))}</p>
    </section>
  );
}

/**
 * The origins allowed to load the widget, one per row. A row is checked against the API's own
 * schema as soon as it is left (not only on save), so a path or a missing https:// shows at once.
 */
function Origins(props: { draft: Config; issues: DraftIssue[]; change: Change }) {
  const page = usePageMessages(messages);
  const { t } = useI18n();
  const canEdit = useCanEdit();
  const [touched, setTouched] = useState<Set<number>>(new Set());
  const origins = props.draft.allowedOrigins;
  const live = touched.size ? checkConfig(props.draft).filter((i) => i.path.startsWith("allowedOrigins.")) : [];
  const errorOf = (i: number) => errorAt(t, props.issues, `allowedOrigins.${i}`) ?? (touched.has(i) ? errorAt(t, live, `allowedOrigins.${i}`) : undefined);
  const setAt = (i: number, v: string) => props.change((c) => ({ ...c, allowedOrigins: c.allowedOrigins.map((o, j) => (j === i ? v : o)) }));
  const remove = (i: number) => {
    setTouched(new Set([...touched].filter((j) => j !== i).map((j) => (j > i ? j - 1 : j))));
    props.change((c) => ({ ...c, allowedOrigins: c.allowedOrigins.filter((_, j) => j !== i) }));
  };
  return (
    <section class="card" aria-labelledby="origins-title">
      <h2 id="origins-title">{page.origins.title}</h2>
      <p class="hint">{page.origins.intro}</p>
      {origins.length === 0 && <p class="muted">{page.origins.none}</p>}
      <ul class="rows origin-rows">
        {origins.map((o, i) => (
          <li key={i} class="origin-row">
            <Field
              id={`origin-${i}`}
              label={page.origins.label(String(i + 1))}
              error={errorOf(i)}
              type="url"
              dir="ltr"
              autoComplete="off"
              spellcheck={false}
              placeholder="https://shop.example"
              readOnly={!canEdit}
              value={o}
              onInput={(e) => setAt(i, e.currentTarget.value.trim())}
              onBlur={() => setTouched(new Set([...touched, i]))}
            />
            {canEdit && (
              <button type="button" class="button secondary" onClick={() => remove(i)}>
                {page.origins.remove(o || String(i + 1))}
              </button>
            )}
          </li>
        ))}
      </ul>
      {canEdit && origins.length < 50 && (
        <button type="button" class="button secondary" onClick={() => props.change((c) => ({ ...c, allowedOrigins: [...c.allowedOrigins, ""] }))}>
          {page.origins.add}
        </button>
      )}
    </section>
  );
}

/** The tag a shop adds to its theme, with the publishable key when this page knows it (just rotated), else a placeholder. */
function Install(props: { publishableKey: string | null }) {
  const page = usePageMessages(messages);
  const tag = `<script src="${location.origin}/widget.js" data-site="${props.publishableKey ?? "pk_live_…"}" async></script>`;
  return (
    <section class="card" aria-labelledby="install-title">
      <h2 id="install-title">{page.install.title}</h2>
      <p class="hint">{page.install.intro}</p>
      <pre class="snippet" dir="ltr">
        <code id="install-snippet">{tag}</code>
      </pre>
      <CopyButton id="copy-snippet" text={tag} label={page.install.copy} />
      <p class="hint">{props.publishableKey ? page.install.withNewKey : page.install.placeholderNote}</p>
    </section>
  );
}
