import { useCanEdit } from "../../app";
import type { Config } from "../../config/site-config";
import { usePageMessages } from "../../i18n/i18n";
import { pageFormat } from "../../../../widget/src/ui/format";
import { messages } from "./messages";

/**
 * The digits and the calendar the widget uses on Arabic and Persian pages (`widget.numberingSystem`,
 * `widget.calendar`; issue 15: one numbering system per page, chosen by the page's language and
 * overridable per site). A shop whose customers expect Arabic-Indic digits or the Umm al-Qura
 * calendar sets it here instead of editing JSON through the API. Under the two selects, today's
 * date and a points balance as shoppers on a plain Arabic (`lang="ar"`) and a Persian (`lang="fa"`)
 * page will see them with the unsaved choices.
 */

type Widget = Config["widget"];
type Numbering = NonNullable<Widget["numberingSystem"]>;
type Calendar = NonNullable<Widget["calendar"]>;

const NUMBERINGS: readonly Numbering[] = ["latn", "arab", "arabext"];
const CALENDARS: readonly Calendar[] = ["gregory", "islamic-umalqura", "persian"];

/** The shopper's own words around the number, as the widget writes them (widget/src/ui/locales/extras-*.ts, 1,234: Arabic "many"). */
const POINTS = { ar: (n: string) => `${n} نقطة`, fa: (n: string) => `${n} امتیاز` };

/**
 * What the widget writes on a page in `lang` ("ar" or "fa", no region) for the site's settings:
 * its own `pageFormat` (widget/src/ui/format.ts) and the date style of its `formatDate`.
 */
export function shopperExample(lang: "ar" | "fa", widget: Pick<Widget, "numberingSystem" | "calendar">, now: Date): { points: string; date: string } {
  const f = pageFormat(lang, [], widget);
  return {
    points: POINTS[lang](new Intl.NumberFormat(f.n).format(1234)),
    date: new Intl.DateTimeFormat(f.d, { year: "numeric", month: "short", day: "numeric" }).format(now),
  };
}

/** One setting as a select: "by the page's language" (null) first, then its values by name. */
function Choice<V extends string>(props: {
  id: string;
  label: string;
  hint: string;
  value: V | null | undefined;
  values: readonly V[];
  names: Record<V, string>;
  byLanguage: string;
  onPick: (v: V | null) => void;
}) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <p id={`${props.id}-hint`} class="hint">
        {props.hint}
      </p>
      <select id={props.id} aria-describedby={`${props.id}-hint`} value={props.value ?? ""} onChange={(e) => props.onPick((e.currentTarget.value || null) as V | null)}>
        <option value="">{props.byLanguage}</option>
        {props.values.map((v) => (
          <option key={v} value={v}>
            {props.names[v]}
          </option>
        ))}
      </select>
    </div>
  );
}

export function Numbers(props: { draft: Config; change: (edit: (c: Config) => Config) => void }) {
  const page = usePageMessages(messages);
  const m = page.numbers;
  const canEdit = useCanEdit();
  const w = props.draft.widget;
  const set = (patch: Partial<Pick<Widget, "numberingSystem" | "calendar">>) => props.change((c) => ({ ...c, widget: { ...c.widget, ...patch } }));
  const now = new Date();

  return (
    <section class="card numbers" aria-labelledby="numbers-title">
      <h2 id="numbers-title">{m.title}</h2>
      <p class="hint">{m.intro}</p>
      <fieldset class="plain editor" disabled={!canEdit}>
        <legend class="visually-hidden">{m.title}</legend>
        <Choice
          id="numbering-system"
          label={m.digits}
          hint={m.digitsHint}
          value={w.numberingSystem}
          values={NUMBERINGS}
          names={m.numberings}
          byLanguage={m.byLanguage}
          onPick={(v) => set({ numberingSystem: v })}
        />
        <Choice id="calendar" label={m.calendar} hint={m.calendarHint} value={w.calendar} values={CALENDARS} names={m.calendars} byLanguage={m.byLanguage} onPick={(v) => set({ calendar: v })} />
      </fieldset>
      <h3 id="numbers-example-title">{m.exampleTitle}</h3>
      <dl class="numbers-example">
        {(["ar", "fa"] as const).map((lang) => {
          const ex = shopperExample(lang, w, now);
          return (
            <div key={lang}>
              <dt>{m.pageIn[lang]}</dt>
              <dd id={`numbers-example-${lang}`} lang={lang} dir="rtl">
                <span>{ex.points}</span>
                {" · "}
                <span>{ex.date}</span>
              </dd>
            </div>
          );
        })}
      </dl>
      <p class="hint">{m.exampleNote}</p>
    </section>
  );
}
