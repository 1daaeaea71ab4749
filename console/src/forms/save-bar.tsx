import { useCanEdit } from "../app";
import type { ConfigState } from "../config/site-config";
import { errorMessage } from "../errors";
import { useI18n } from "../i18n/i18n";

/**
 * The bar under every configuration editor: Save and Discard, what is happening ("Saving…",
 * "Saved"), and why a save failed, announced to screen readers. Viewers see that they can only
 * read. The draft itself lives in `useSiteConfig`, so a failed save leaves every field as typed.
 */
export function SaveBar(props: { state: ConfigState; dirty: boolean; onSave: () => void; onDiscard: () => void }) {
  const { t } = useI18n();
  const canEdit = useCanEdit();
  const s = props.state;
  if (s.phase !== "ready") return null;
  if (!canEdit) return <p class="save-bar muted">{t.forms.readOnly}</p>;
  const status = s.saving
    ? t.forms.saving
    : s.saveError
      ? errorMessage(t, s.saveError)
      : s.issues.length
        ? t.forms.fixFields(String(s.issues.length))
        : s.savedAt && !props.dirty
          ? t.forms.saved
          : props.dirty
            ? t.forms.unsaved
            : "";
  return (
    <div class="save-bar">
      <button type="button" class="button primary" disabled={s.saving || !props.dirty} onClick={props.onSave}>
        {s.saving ? t.forms.saving : t.forms.save}
      </button>
      <button type="button" class="button secondary" disabled={s.saving || !props.dirty} onClick={props.onDiscard}>
        {t.forms.discard}
      </button>
      <p class={s.saveError || s.issues.length ? "save-status field-error" : "save-status"} role={s.saveError || s.issues.length ? "alert" : "status"}>
        {status}
      </p>
    </div>
  );
}
