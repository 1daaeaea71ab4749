import type { JSX } from "preact";

/**
 * A labelled input with its hint and its own error underneath, wired with aria-describedby and
 * aria-invalid so a screen reader reads the problem when the field gets focus. Forms pass the
 * API's field issues here by path (errors.ts `fieldErrors`).
 */
export function Field(props: { id: string; label: string; hint?: string; error?: string } & Omit<JSX.InputHTMLAttributes<HTMLInputElement>, "id">) {
  const { id, label, hint, error, ...input } = props;
  const described = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div class={error ? "field has-error" : "field"}>
      <label for={id}>{label}</label>
      {hint && (
        <p id={`${id}-hint`} class="hint">
          {hint}
        </p>
      )}
      <input id={id} aria-invalid={error ? true : undefined} aria-describedby={described} {...input} />
      {error && (
        <p id={`${id}-error`} class="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
