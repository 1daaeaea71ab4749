import { useEffect, useState } from "preact/hooks";
import { useCanEdit } from "../../app";
import { issuesUnder, useSiteConfig } from "../../config/site-config";
import { errorMessage, issueText } from "../../errors";
import { SaveBar } from "../../forms/save-bar";
import { LOCALE_NAMES, LOCALES, type Locale, useI18n, usePageMessages } from "../../i18n/i18n";
import type { PageProps } from "../../layout";
import { WidgetPreview } from "../../preview/widget-preview";
import { messages } from "./messages";
import { Offers } from "./offers";
import { SegmentSelect, type SectionProps } from "./parts";
import { Slots } from "./slots";
import { Surveys } from "./surveys";

type Tab = "surveys" | "content" | "offers";
const TABS: Tab[] = ["surveys", "content", "offers"];
/** Issue paths the tabs show at their fields; others blocking a save are listed, not hidden. */
const SHOWN_HERE = /^(surveys|content|offers)(\.|$)/;

/** The block the preview shows for a tab when nothing in it has been touched yet: its first item. */
function firstFocus(tab: Tab, draft: SectionProps["draft"]): string | undefined {
  if (tab === "surveys") return draft.surveys[0] ? `survey:${draft.surveys[0].id}` : undefined;
  if (tab === "content") return draft.content.slots[0] ? `content:${draft.content.slots[0].id}` : undefined;
  return draft.offers[0] ? `offer:${draft.offers[0].id}` : undefined;
}

/**
 * Surveys, content slots and offers: one draft of the site configuration (`useSiteConfig`) edited
 * in three sections, each problem at its field, saved with the save bar; beside it the real widget
 * drawing the draft for a chosen shopper (a new visitor or a segment) in a chosen language, showing
 * the item being edited. Viewers see everything and change nothing.
 */
export function Page(_: PageProps) {
  const page = usePageMessages(messages);
  const { t, locale } = useI18n();
  const canEdit = useCanEdit();
  const cfg = useSiteConfig();
  const [tab, setTab] = useState<Tab>("surveys");
  const [focus, setFocus] = useState<string | undefined>(undefined);
  const [previewLocale, setPreviewLocale] = useState<Locale>(locale);
  const [segment, setSegment] = useState<string | null>(null);
  const [seek, setSeek] = useState(0);

  // After a refused save, keyboard and screen-reader users land on the first field to fix.
  useEffect(() => {
    if (seek) document.querySelector<HTMLElement>('.content-form [aria-invalid="true"]')?.focus();
  }, [seek]);

  const s = cfg.state;
  if (s.phase !== "ready")
    return (
      <section class="page">
        <h1 tabIndex={-1}>{page.title}</h1>
        {s.phase === "loading" ? (
          <p class="muted" role="status">
            {t.loading}
          </p>
        ) : (
          <div class="card" role="alert">
            <p>{page.loadFailed}</p>
            <p>{errorMessage(t, s.error)}</p>
            <button type="button" class="button secondary" onClick={cfg.retry}>
              {t.forms.retry}
            </button>
          </div>
        )}
      </section>
    );

  const { draft, saved } = s;
  const byPath = issuesUnder(s.issues, "");
  const error = (path: string) => {
    const issue = byPath[path];
    return issue ? issueText(t, issue) : undefined;
  };
  const elsewhere = s.issues.filter((i) => !SHOWN_HERE.test(i.path));
  const shown = focus ?? firstFocus(tab, draft);
  const section: SectionProps = { draft, saved, change: cfg.change, error, onFocus: setFocus };
  const save = async () => {
    if (!(await cfg.save())) setSeek((n) => n + 1);
  };

  return (
    <section class="page content-page" aria-labelledby="content-title">
      <h1 id="content-title" tabIndex={-1}>
        {page.title}
      </h1>
      <p class="muted">{page.intro}</p>
      <nav class="content-tabs" aria-label={page.tabs.label}>
        {TABS.map((k) => (
          <button
            key={k}
            type="button"
            class="button secondary"
            aria-pressed={tab === k}
            onClick={() => {
              setTab(k);
              setFocus(undefined);
            }}
          >
            {page.tabs[k]}
          </button>
        ))}
      </nav>
      <div class="content-layout">
        <div class="content-form">
          <fieldset class="plain" disabled={!canEdit}>
            <legend class="visually-hidden">{page.tabs[tab]}</legend>
            {tab === "surveys" && <Surveys {...section} />}
            {tab === "content" && <Slots {...section} />}
            {tab === "offers" && <Offers {...section} />}
          </fieldset>
          {elsewhere.length > 0 && (
            <div class="card" role="alert">
              <p>{page.elsewhere}</p>
              <ul>
                {elsewhere.map((i) => (
                  <li key={i.path}>
                    <code dir="ltr">{i.path}</code>: {issueText(t, i)}
                  </li>
                ))}
              </ul>
            </div>
          )}
          <SaveBar state={s} dirty={cfg.dirty} onSave={save} onDiscard={cfg.discard} />
        </div>
        <aside class="content-preview" aria-labelledby="content-preview-title">
          <h2 id="content-preview-title">{page.preview.title}</h2>
          <div class="field">
            <label for="content-preview-locale">{page.preview.language}</label>
            <select id="content-preview-locale" value={previewLocale} onChange={(e) => setPreviewLocale(e.currentTarget.value as Locale)}>
              {LOCALES.map((l) => (
                <option key={l} value={l} lang={l}>
                  {LOCALE_NAMES[l]}
                </option>
              ))}
            </select>
          </div>
          <SegmentSelect id="content-preview-segment" label={page.preview.segment} none={page.preview.newVisitor} draft={draft} value={segment} onValue={setSegment} />
          {shown && (
            <p class="hint">
              {page.preview.block}: <bdi dir="ltr">{shown}</bdi>
            </p>
          )}
          <WidgetPreview config={draft} locale={previewLocale} segment={segment} {...(shown ? { focus: shown } : {})} />
        </aside>
      </div>
    </section>
  );
}
