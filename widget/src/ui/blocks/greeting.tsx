import { greetingText } from "../i18n";
import type { BlockProps } from "./props";

/** The greeting line; `aria-live` so a re-render after identify is announced. */
export function Greeting({ exp, l }: BlockProps) {
  return (
    <p class="greet" data-testid="revisit-greeting" data-kind={exp.greeting.kind} aria-live="polite">
      {greetingText(l, exp.greeting)}
    </p>
  );
}
