import type { ComponentChildren } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import type { Config } from "../../config/site-config";
import { Field } from "../../field";
import { usePageMessages } from "../../i18n/i18n";
import { messages } from "./messages";

/**
 * The loyalty editor's building blocks: number fields that keep what was typed (Arabic and
 * Persian digits included), a shop text in three languages, a list typed as text, selects,
 * checkboxes and stable row keys, so each section file stays about the shop, not the inputs.
 */

/** What every section receives: the draft, a way to change it, each field's error by path, and the shop's currency. */
export interface SectionProps {
  draft: Config;
  change: (edit: (draft: Config) => Config) => void;
  /** The error to show at a field ("loyalty.tiers.0.threshold"), already in the page's language; `deep`: also one of its items' ("…productIds.3"). */
  error: (path: string, deep?: boolean) => string | undefined;
}

/** A shop text: English required, Arabic and Persian optional (shoppers get English when empty). */
export type ShopText = { en: string; ar?: string | undefined; fa?: string | undefined };

/** Changes `draft.loyalty` with a patch, keeping everything else of the configuration as it is. */
export const patchLoyalty = (change: SectionProps["change"], patch: Partial<Config["loyalty"]>) => change((c) => ({ ...c, loyalty: { ...c.loyalty, ...patch } }));

const EASTERN_DIGITS: Record<string, string> = Object.fromEntries([..."٠١٢٣٤٥٦٧٨٩", ..."۰۱۲۳۴۵۶۷۸۹"].map((d, i) => [d, String(i % 10)]));

/**
 * A number as typed: null when empty, NaN when not a number (the schema then says so at the
 * field). Arabic-Indic and Persian digits and the Arabic decimal sign are accepted, because that
 * is what an Arabic or Persian keyboard types; thousands separators are ignored.
 */
export function parseNumber(text: string): number | null {
  const ascii = text
    .trim()
    .replace(/[٠-٩۰-۹]/g, (d) => EASTERN_DIGITS[d] ?? d)
    .replace(/٫/g, ".")
    .replace(/[,٬\s]/g, "")
    .replace(/^[−‐-]/, "-");
  if (ascii === "") return null;
  return /^-?(\d+\.?\d*|\.\d+)$/.test(ascii) ? Number(ascii) : Number.NaN;
}

const sameNumber = (a: number | null | undefined, b: number | null | undefined) => (a ?? null) === (b ?? null) || (Number.isNaN(a) && Number.isNaN(b));
const shown = (n: number | null | undefined) => (n === null || n === undefined || Number.isNaN(n) ? "" : String(n));

/**
 * A number input that keeps the text being typed ("1." on the way to "1.5", "-" before "-5") and
 * reports the number on each keystroke; when the draft changes from elsewhere (Discard, a save's
 * answer) it shows the new value. `onValue(null)` means emptied.
 */
export function NumField(props: { id: string; label: string; hint?: string | undefined; error?: string | undefined; value: number | null | undefined; onValue: (n: number | null) => void }) {
  const [text, setText] = useState(() => shown(props.value));
  useEffect(() => {
    if (!sameNumber(parseNumber(text), props.value)) setText(shown(props.value));
  }, [props.value]);
  return (
    <Field
      id={props.id}
      label={props.label}
      hint={props.hint}
      error={props.error}
      type="text"
      inputMode="decimal"
      autoComplete="off"
      dir="ltr"
      value={text}
      onInput={(e) => {
        const v = e.currentTarget.value;
        setText(v);
        props.onValue(parseNumber(v));
      }}
    />
  );
}

/** A shop text in English, Arabic and Persian: three labelled inputs in a group named by `label`. */
export function ShopTextFields(props: { id: string; label: string; value: ShopText; onChange: (v: ShopText) => void; error: (lang: "en" | "ar" | "fa") => string | undefined }) {
  const m = usePageMessages(messages);
  const set = (lang: "en" | "ar" | "fa", text: string) => {
    const next = { ...props.value, [lang]: text };
    if (lang !== "en" && text === "") delete next[lang];
    props.onChange(next);
  };
  return (
    <fieldset class="shop-text wide">
      <legend>{props.label}</legend>
      <p class="hint">{m.common.textHint}</p>
      <div class="editor">
        {(["en", "ar", "fa"] as const).map((lang) => (
          <Field
            key={lang}
            id={`${props.id}-${lang}`}
            label={m.common.languages[lang]}
            error={props.error(lang)}
            lang={lang}
            dir={lang === "en" ? "ltr" : "rtl"}
            value={props.value[lang] ?? ""}
            onInput={(e) => set(lang, e.currentTarget.value)}
          />
        ))}
      </div>
    </fieldset>
  );
}

/** A list of ids typed as text (commas or new lines); the text stays as typed while the list follows it. */
export function ListField(props: { id: string; label: string; hint: string; error?: string | undefined; value: string[]; onValue: (v: string[]) => void }) {
  const split = (s: string) => s.split(/[\s,،]+/).filter(Boolean);
  const [text, setText] = useState(() => props.value.join(", "));
  useEffect(() => {
    if (split(text).join("\n") !== props.value.join("\n")) setText(props.value.join(", "));
  }, [props.value]);
  const described = [`${props.id}-hint`, props.error ? `${props.id}-error` : ""].filter(Boolean).join(" ");
  return (
    <div class={props.error ? "field wide has-error" : "field wide"}>
      <label for={props.id}>{props.label}</label>
      <p id={`${props.id}-hint`} class="hint">
        {props.hint}
      </p>
      <textarea
        id={props.id}
        dir="ltr"
        rows={2}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={described}
        value={text}
        onInput={(e) => {
          setText(e.currentTarget.value);
          props.onValue(split(e.currentTarget.value));
        }}
      />
      {props.error && (
        <p id={`${props.id}-error`} class="field-error">
          {props.error}
        </p>
      )}
    </div>
  );
}

/** A labelled native select (keyboard, screen readers and phone pickers for free). */
export function SelectField<V extends string>(props: {
  id: string;
  label: string;
  hint?: string;
  error?: string | undefined;
  value: V;
  options: readonly (readonly [V, string])[];
  onValue: (v: V) => void;
}) {
  const described = [props.hint ? `${props.id}-hint` : "", props.error ? `${props.id}-error` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div class={props.error ? "field has-error" : "field"}>
      <label for={props.id}>{props.label}</label>
      {props.hint && (
        <p id={`${props.id}-hint`} class="hint">
          {props.hint}
        </p>
      )}
      <select id={props.id} value={props.value} aria-describedby={described} aria-invalid={props.error ? true : undefined} onChange={(e) => props.onValue(e.currentTarget.value as V)}>
        {props.options.map(([v, label]) => (
          <option key={v} value={v}>
            {label}
          </option>
        ))}
      </select>
      {props.error && (
        <p id={`${props.id}-error`} class="field-error">
          {props.error}
        </p>
      )}
    </div>
  );
}

/** A checkbox with its label beside it and an optional hint. */
export function CheckField(props: { id: string; label: string; hint?: string; checked: boolean; onValue: (v: boolean) => void }) {
  return (
    <div class="field check">
      <span class="check-line">
        <input id={props.id} type="checkbox" checked={props.checked} aria-describedby={props.hint ? `${props.id}-hint` : undefined} onChange={(e) => props.onValue(e.currentTarget.checked)} />
        <label for={props.id}>{props.label}</label>
      </span>
      {props.hint && (
        <p id={`${props.id}-hint`} class="hint">
          {props.hint}
        </p>
      )}
    </div>
  );
}

/**
 * Keys for a list's rows that survive typing (an id being edited) and moves, so each row keeps its
 * own half-typed numbers; rebuilt when the list is replaced with one of another length (Discard).
 */
export function useRowKeys(length: number) {
  const next = useRef(length);
  const keys = useRef<number[]>(Array.from({ length }, (_, i) => i));
  if (keys.current.length !== length) keys.current = Array.from({ length }, () => next.current++);
  return {
    keys: keys.current,
    added: () => keys.current.push(next.current++),
    removed: (i: number) => keys.current.splice(i, 1),
    moved: (from: number, to: number) => {
      const [k] = keys.current.splice(from, 1);
      if (k !== undefined) keys.current.splice(to, 0, k);
    },
  };
}

/** Moves an item of a list (a copy) from one place to another. */
export function moveItem<T>(list: readonly T[], from: number, to: number): T[] {
  const out = [...list];
  const [item] = out.splice(from, 1);
  if (item !== undefined) out.splice(to, 0, item);
  return out;
}

/** A reference for a new tier, reward or card, from its English name ("Gold plus" → "gold-plus"), unique in its list. */
export function referenceFor(name: string, taken: ReadonlySet<string>, fallback: string): string {
  const base =
    name
      .toLowerCase()
      .normalize("NFKD")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 60) || fallback;
  const stem = base.length < 3 ? `${fallback}-${base}` : base;
  if (!taken.has(stem)) return stem;
  for (let n = 2; ; n++) if (!taken.has(`${stem}-${n}`)) return `${stem}-${n}`;
}

/**
 * One item of a repeated list (tier, reward, card): its heading and the buttons to move it and
 * remove it, each naming the item for screen readers. Button ids carry the index, so focus can
 * follow an item after a move.
 */
export function RowHead(props: { id: string; title: string; index: number; count: number; onMove: (to: number) => void; onRemove: () => void; children?: ComponentChildren }) {
  const m = usePageMessages(messages);
  const hidden = <span class="visually-hidden">: {props.title}</span>;
  return (
    <div class="row-head">
      <h3 id={`${props.id}-title`}>
        <bdi>{props.title}</bdi>
      </h3>
      <div class="row-actions">
        <button type="button" id={`${props.id}-up`} class="button secondary" disabled={props.index === 0} onClick={() => props.onMove(props.index - 1)}>
          {m.common.moveUp}
          {hidden}
        </button>
        <button type="button" id={`${props.id}-down`} class="button secondary" disabled={props.index === props.count - 1} onClick={() => props.onMove(props.index + 1)}>
          {m.common.moveDown}
          {hidden}
        </button>
        <button type="button" id={`${props.id}-remove`} class="button secondary danger" onClick={props.onRemove}>
          {m.common.remove}
          {hidden}
        </button>
      </div>
    </div>
  );
}

/**
 * An item's reference (its id in the configuration): shown in its summary, editable behind a
 * disclosure because most owners never need it; open by itself when it has a problem.
 */
export function ReferenceField(props: { id: string; value: string; error: string | undefined; onValue: (v: string) => void }) {
  const m = usePageMessages(messages).common;
  return (
    <details class="wide reference" open={!!props.error}>
      <summary>
        {m.reference}: <bdi dir="ltr">{props.value}</bdi>
      </summary>
      <Field id={props.id} label={m.reference} hint={m.referenceHint} error={props.error} dir="ltr" autoComplete="off" value={props.value} onInput={(e) => props.onValue(e.currentTarget.value)} />
    </details>
  );
}

/** A shop's own text inside an option or a select, isolated so an English name reads right on an Arabic page. */
export const isolate = (text: string) => `\u2068${text}\u2069`;

/** After a move, puts focus back on the moved item's button (the DOM move drops it), or its other move button at an end. */
export function focusAfterMove(prefix: string, to: number, up: boolean) {
  requestAnimationFrame(() => {
    const want = document.getElementById(`${prefix}-${to}-${up ? "up" : "down"}`) as HTMLButtonElement | null;
    const other = document.getElementById(`${prefix}-${to}-${up ? "down" : "up"}`) as HTMLButtonElement | null;
    (want && !want.disabled ? want : other)?.focus();
  });
}
