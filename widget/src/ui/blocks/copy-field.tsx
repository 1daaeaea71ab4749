import type { Ref } from "preact";
import { useId, useRef, useState } from "preact/hooks";
import type { Locale } from "../../../../contract/experience";
import { xt as t } from "../extras-i18n";
import { copyText } from "../rewards";

interface Props {
  l: Locale;
  label: string;
  value: string;
  testid: string;
  /** Receives the input, e.g. to move focus to a code that was just revealed. */
  field?: Ref<HTMLInputElement>;
}

/**
 * A labelled read-only field (a code or a link: always left-to-right) with a Copy button. The
 * result is announced in a live region; without clipboard access the text is selected instead.
 */
export function CopyField({ l, label, value, testid, field }: Props) {
  const id = useId();
  const own = useRef<HTMLInputElement | null>(null);
  const [msg, setMsg] = useState("");
  const set = (el: HTMLInputElement | null) => {
    own.current = el;
    if (typeof field === "function") field(el);
    else if (field) field.current = el;
  };
  return (
    <div class="cp" data-testid={testid}>
      <label class="muted blk" for={id}>
        {label}
      </label>
      <div class="cpr">
        <input id={id} class="cpi" readOnly dir="ltr" value={value} ref={set} onFocus={(e) => e.currentTarget.select()} />
        <button
          class="btn sm"
          type="button"
          onClick={async () => {
            setMsg("");
            setMsg(t(l, (await copyText(value, own.current)) ? "copied" : "copy_manual"));
          }}
        >
          {t(l, "copy")}
        </button>
      </div>
      <span class="muted blk" role="status">
        {msg}
      </span>
    </div>
  );
}
