import { useEffect, useState } from "preact/hooks";
import { useCanEdit } from "../../app";
import { type DraftIssue, issuesUnder, useSiteConfig } from "../../config/site-config";
import { errorMessage, issueText } from "../../errors";
import { SaveBar } from "../../forms/save-bar";
import { LOCALE_NAMES, LOCALES, type Locale, useI18n, usePageMessages } from "../../i18n/i18n";
import type { PageProps } from "../../layout";
import { WidgetPreview } from "../../preview/widget-preview";
import { Basics } from "./basics";
import { Earning, Referrals } from "./earning";
import { duplicateIds } from "./list";
import { messages } from "./messages";
import { CodePools } from "./pools";
import { PunchCards } from "./punch-cards";
import { Rewards } from "./rewards";
import { Tiers } from "./tiers";

/** Issue paths this page has a field for; anything else blocking a save is listed, not hidden. */
const SHOWN_HERE = /^(loyalty(\.|$)|insights\.pointValue$|referralUrlTemplate$)/;

/**
 * The loyalty page: the whole program (basics, points for actions, tiers, rewards, punch cards,
 * referrals) as one draft of the site configuration with each problem at its field, a live widget
 * preview in any of the three languages beside it (below it on a phone), and the code pools of
 * saved rewards. Viewers see every value and can change none.
 */
export function Page(_: PageProps) {
  const page = usePageMessages(messages);
  const { t, locale } = useI18n();
  const canEdit = useCanEdit();
  const cfg = useSiteConfig();
  const [previewLocale, setPreviewLocale] = useState<Locale>(locale);
  const [blocked, setBlocked] = useState(false);
  const [seek, setSeek] = useState(0);

  // After a refused save, keyboard and screen-reader users land on the first field to fix.
  useEffect(() => {
    if (seek) document.querySelector<HTMLElement>('.loyalty-form [aria-invalid="true"]')?.focus();
  }, [seek]);

  const s = cfg.state;
  if (s.phase === "loading")
    return (
      <section class="page">
        <h1 tabIndex={-1}>{page.title}</h1>
        <p class="muted" role="status">
          {t.loading}
        </p>
      </section>
    );
  if (s.phase === "failed")
    return (
      <section class="page">
        <h1 tabIndex={-1}>{page.title}</h1>
        <div class="card" role="alert">
          <p>{page.loadFailed}</p>
          <p>{errorMessage(t, s.error)}</p>
          <button type="button" class="button secondary" onClick={cfg.retry}>
            {t.forms.retry}
          </button>
        </div>
      </section>
    );

  const { draft, saved } = s;
  const byPath = issuesUnder(s.issues, "");
  const error = (path: string, deep = false) => {
    const issue = byPath[path] ?? (deep ? s.issues.find((i) => i.path.startsWith(`${path}.`)) : undefined);
    return issue ? issueText(t, issue) : undefined;
  };
  const l = draft.loyalty;
  const duplicates = duplicateIds(l.tiers).size + duplicateIds(l.rewards).size + duplicateIds(l.punchCards).size;
  const elsewhere = s.issues.filter((i) => !SHOWN_HERE.test(i.path));
  const section = { draft, change: cfg.change, error, saved };

  const save = async () => {
    if (duplicates > 0) {
      setBlocked(true);
      setSeek((n) => n + 1);
      return;
    }
    setBlocked(false);
    if (!(await cfg.save())) setSeek((n) => n + 1);
  };

  return (
    <section class="page loyalty" aria-labelledby="loyalty-title">
      <h1 id="loyalty-title" tabIndex={-1}>
        {page.title}
      </h1>
      <p class="muted">{page.intro}</p>
      <nav class="section-links" aria-label={page.sections}>
        <ul>
          <li>
            <a href="#loyalty-basics">{page.basics.title}</a>
          </li>
          <li>
            <a href="#loyalty-earning">{page.earning.title}</a>
          </li>
          <li>
            <a href="#loyalty-tiers">{page.tiers.title}</a>
          </li>
          <li>
            <a href="#loyalty-rewards">{page.rewards.title}</a>
          </li>
          <li>
            <a href="#loyalty-cards">{page.cards.title}</a>
          </li>
          <li>
            <a href="#loyalty-referrals">{page.referrals.title}</a>
          </li>
          <li>
            <a href="#loyalty-codes">{page.pools.title}</a>
          </li>
        </ul>
      </nav>
      <div class="loyalty-layout">
        <div class="loyalty-form">
          <fieldset class="plain" disabled={!canEdit}>
            <legend class="visually-hidden">{page.title}</legend>
            <Basics {...section} />
            <Earning {...section} />
            <Tiers {...section} />
            <Rewards {...section} />
            <PunchCards {...section} />
            <Referrals {...section} />
          </fieldset>
          {blocked && duplicates > 0 && (
            <p class="form-error" role="alert">
              {page.common.fixFirst}
            </p>
          )}
          {elsewhere.length > 0 && <Elsewhere issues={elsewhere} />}
          <SaveBar
            state={s}
            dirty={cfg.dirty}
            onSave={save}
            onDiscard={() => {
              setBlocked(false);
              cfg.discard();
            }}
          />
          <CodePools saved={saved} draft={draft} />
        </div>
        <aside class="loyalty-preview" aria-labelledby="loyalty-preview-title">
          <h2 id="loyalty-preview-title">{page.preview.title}</h2>
          <p class="hint">{page.preview.hint}</p>
          <div class="field">
            <label for="loyalty-preview-locale">{page.preview.language}</label>
            <select id="loyalty-preview-locale" value={previewLocale} onChange={(e) => setPreviewLocale(e.currentTarget.value as Locale)}>
              {LOCALES.map((l) => (
                <option key={l} value={l} lang={l}>
                  {LOCALE_NAMES[l]}
                </option>
              ))}
            </select>
          </div>
          <div class="preview-frame" lang={previewLocale} dir={previewLocale === "en" ? "ltr" : "rtl"}>
            <WidgetPreview config={draft} locale={previewLocale} focus="loyalty" />
          </div>
        </aside>
      </div>
    </section>
  );
}

/** Problems in parts of the configuration other pages edit (an offer naming a removed tier): they stop the save too, so they are named here. */
function Elsewhere(props: { issues: DraftIssue[] }) {
  const page = usePageMessages(messages);
  const { t } = useI18n();
  return (
    <div class="card elsewhere" role="alert">
      <h2>{page.common.otherProblems}</h2>
      <p class="hint">{page.common.otherHint}</p>
      <ul>
        {props.issues.map((i) => (
          <li key={i.path}>
            <code dir="ltr">{i.path}</code>: {issueText(t, i)}
          </li>
        ))}
      </ul>
    </div>
  );
}
