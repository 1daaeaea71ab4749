import { useState } from "preact/hooks";
import { useI18n } from "../i18n/i18n";

/**
 * Copies `text` with the Clipboard API; where that is refused (an older browser, a page not
 * allowed to write the clipboard) it falls back to selecting a hidden copy and `execCommand`.
 * Says "Copied" (or how to copy by hand) in a live region, so screen-reader users hear it too.
 */
export function CopyButton(props: { text: string; label: string; id: string }) {
  const { t } = useI18n();
  const [status, setStatus] = useState<"idle" | "copied" | "failed">("idle");
  const copy = async () => {
    let ok = false;
    try {
      await navigator.clipboard.writeText(props.text);
      ok = true;
    } catch {
      ok = copyBySelection(props.text);
    }
    setStatus(ok ? "copied" : "failed");
  };
  return (
    <span class="copy">
      <button type="button" class="button secondary" id={props.id} onClick={copy}>
        {props.label}
      </button>
      <span class={status === "failed" ? "copy-status field-error" : "copy-status"} role="status">
        {status === "copied" ? t.forms.copied : status === "failed" ? t.forms.copyFailed : ""}
      </span>
    </span>
  );
}

/** The old way: select the text in a hidden field and ask the browser to copy it. */
function copyBySelection(text: string): boolean {
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.className = "visually-hidden";
  document.body.append(area);
  area.select();
  try {
    return document.execCommand("copy");
  } catch {
    return false;
  } finally {
    area.remove();
  }
}
