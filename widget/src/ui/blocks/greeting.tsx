import { greetingText } from "../i18n";
import type { BlockProps } from "./props";

/**
 * The greeting line; `aria-live` so a re-render after identify is announced. Always 48 px high,
 * the loader's default reservation (hosts.ts): one line centred, or two (a long name, a phone)
 * in the same height, never a third (issue 15: it wrapped to 76 px on a phone and moved the page).
 */
export function Greeting({ exp, l }: BlockProps) {
  return (
    <p class="greet" data-testid="revisit-greeting" data-kind={exp.greeting.kind} aria-live="polite">
      <span>{greetingText(l, exp.greeting)}</span>
    </p>
  );
}
