import { useEffect, useState } from "preact/hooks";
import type { Config } from "../../config/site-config";
import { Field } from "../../field";
import { usePageMessages } from "../../i18n/i18n";
import { messages } from "./messages";

/**
 * Building blocks of the content page's editors: what each section receives, a shop text in
 * three languages and a list of segment ids typed as text, so the section files stay about
 * surveys, slots and offers rather than inputs.
 */

/** What every section gets: the draft, a way to change it, each field's error by path, and who may edit. */
export interface SectionProps {
  draft: Config;
  saved: Config;
  change: (edit: (draft: Config) => Config) => void;
  /** The error to show at a field ("surveys.0.questions.1.prompt.en"), in the page's language. */
  error: (path: string) => string | undefined;
  /** Which item the preview shows ("survey:<id>", "content:<slot>", "offer:<id>"). */
  onFocus: (focus: string) => void;
}

/** A shop text: English required, Arabic and Persian optional (shoppers get English when empty). */
export type ShopText = { en: string; ar?: string | undefined; fa?: string | undefined };

/** Replaces item `i` of a list. */
export const replaceAt = <T,>(list: readonly T[], i: number, item: T): T[] => list.map((x, k) => (k === i ? item : x));
/** The list without item `i`. */
export const removeAt = <T,>(list: readonly T[], i: number): T[] => list.filter((_, k) => k !== i);

/** A shop text in English, Arabic and Persian: three labelled inputs grouped under `label`, each with its own error. */
export function TextFields(props: {
  id: string;
  label: string;
  value: ShopText | undefined;
  onChange: (v: ShopText | undefined) => void;
  path: string;
  error: SectionProps["error"];
  optional?: boolean;
}) {
  const m = usePageMessages(messages);
  const v = props.value ?? { en: "" };
  const set = (lang: "en" | "ar" | "fa", text: string) => {
    const next: ShopText = { ...v, [lang]: text };
    if (lang !== "en" && text === "") delete next[lang];
    props.onChange(props.optional && !next.en && !next.ar && !next.fa ? undefined : next);
  };
  return (
    <fieldset class="wide">
      <legend>{props.label}</legend>
      <div class="editor">
        {(["en", "ar", "fa"] as const).map((lang) => (
          <Field
            key={lang}
            id={`${props.id}-${lang}`}
            label={m.languages[lang]}
            error={props.error(`${props.path}.${lang}`) ?? (lang === "en" ? props.error(props.path) : undefined)}
            lang={lang}
            dir={lang === "en" ? "ltr" : "rtl"}
            value={v[lang] ?? ""}
            onInput={(e) => set(lang, e.currentTarget.value)}
          />
        ))}
      </div>
    </fieldset>
  );
}

/** Segment ids typed as text (commas, Arabic commas or spaces); the text stays as typed while the list follows it. */
export function SegmentsField(props: { id: string; label: string; value: string[]; onValue: (v: string[]) => void; error?: string | undefined }) {
  const m = usePageMessages(messages);
  const split = (s: string) => s.split(/[\s,،]+/).filter(Boolean);
  const [text, setText] = useState(() => props.value.join(", "));
  useEffect(() => {
    if (split(text).join(" ") !== props.value.join(" ")) setText(props.value.join(", "));
  }, [props.value]);
  return (
    <Field
      id={props.id}
      label={props.label}
      hint={m.segmentsHint}
      error={props.error}
      dir="ltr"
      autoComplete="off"
      value={text}
      onInput={(e) => {
        setText(e.currentTarget.value);
        props.onValue(split(e.currentTarget.value));
      }}
    />
  );
}

/** A fresh id not yet used in `taken` ("survey-2"). */
export function freshId(prefix: string, taken: readonly { id: string }[]): string {
  for (let n = taken.length + 1; ; n++) if (!taken.some((x) => x.id === `${prefix}-${n}`)) return `${prefix}-${n}`;
}

/** Lifecycle stages (worker/features/segments/lifecycle.ts `STAGES`): segments every shop has. */
export const STAGES = ["new", "browsing", "considering", "first_purchase", "repeat", "loyal", "at_risk", "lapsed"] as const;

/** The segments a shop can target from this draft: lifecycle stages, then its own rule segments. */
export function segmentChoices(draft: Config): { id: string; name: string | null }[] {
  return [...STAGES.map((id) => ({ id, name: null })), ...draft.segments.map((s) => ({ id: s.id, name: s.name }))];
}

/** A select of segments (stages by their words, rule segments by name), with an "everyone" choice for null. */
export function SegmentSelect(props: { id: string; label: string; none: string; draft: Config; value: string | null; onValue: (v: string | null) => void; error?: string | undefined }) {
  const m = usePageMessages(messages);
  const choices = segmentChoices(props.draft);
  const known = props.value === null || choices.some((c) => c.id === props.value);
  return (
    <div class={props.error ? "field has-error" : "field"}>
      <label for={props.id}>{props.label}</label>
      <select
        id={props.id}
        value={props.value ?? ""}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? `${props.id}-error` : undefined}
        onChange={(e) => props.onValue(e.currentTarget.value || null)}
      >
        <option value="">{props.none}</option>
        <optgroup label={m.preview.stages}>
          {STAGES.map((s) => (
            <option key={s} value={s}>
              {m.stages[s] ?? s}
            </option>
          ))}
        </optgroup>
        {props.draft.segments.length > 0 && (
          <optgroup label={m.preview.rules}>
            {props.draft.segments.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </optgroup>
        )}
        {!known && <option value={props.value ?? ""}>{props.value}</option>}
      </select>
      {props.error && (
        <p id={`${props.id}-error`} class="field-error">
          {props.error}
        </p>
      )}
    </div>
  );
}
