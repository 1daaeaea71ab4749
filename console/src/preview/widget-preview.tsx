import type { Config } from "../config/site-config";
import type { Locale } from "../i18n/i18n";

/** What a page asks the preview to show: the draft config, in a language, for a shopper in a segment, one block in focus. */
export interface WidgetPreviewProps {
  /** The unsaved draft: the preview shows what shoppers would see once it is saved. */
  config: Config;
  /** The shopper's language (en / ar / fa; ar and fa render right to left). */
  locale: Locale;
  /** Preview as a member of this segment (a lifecycle stage, `rfm-<group>` or a rule segment id); null: a new visitor. */
  segment?: string | null;
  /** The block in focus: "loyalty", "greeting", "survey:<id>", "content:<slot>", "offer:<id>". */
  focus?: string;
}

/** Placeholder: the real widget rendering the draft (being built; see the content page's helper). */
export function WidgetPreview(_: WidgetPreviewProps) {
  return null;
}
