import { useRef, useState } from "preact/hooks";
import { errorMessage } from "../../errors";
import { useI18n, usePageMessages } from "../../i18n/i18n";
import { navigate } from "../../router";
import { eraseCustomer, exportCustomer, setFlash } from "./api";
import { messages } from "./messages";

/** The export's file name: `customer-<id>.json`, with anything a file system may refuse replaced. */
export const exportFileName = (id: string) => `customer-${id.replace(/[^A-Za-z0-9_.-]/g, "_")}.json`;

/**
 * The GDPR actions on one customer, for owners and editors: Export saves everything Revisit holds
 * about them as a JSON file (an access request), and Erase removes them for good after the
 * merchant types the customer's id in a dialog, so a slip of the mouse cannot erase anyone.
 */
export function DataActions(props: { id: string }) {
  const page = usePageMessages(messages);
  const { t } = useI18n();
  const d = page.data;
  const dialog = useRef<HTMLDialogElement>(null);
  const [note, setNote] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<"export" | "erase" | null>(null);
  const [typed, setTyped] = useState("");
  const [eraseError, setEraseError] = useState<unknown>(null);

  const download = async () => {
    setBusy("export");
    setNote("");
    setError(null);
    try {
      const data = await exportCustomer(props.id);
      const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: "application/json" }));
      const a = document.createElement("a");
      a.href = url;
      a.download = exportFileName(props.id);
      document.body.append(a);
      a.click();
      a.remove();
      // Give the browser a moment to start the download before the address is released.
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setNote(d.exported(a.download));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  const openErase = () => {
    setTyped("");
    setEraseError(null);
    dialog.current?.showModal();
  };

  const erase = async (e: Event) => {
    e.preventDefault();
    if (typed !== props.id || busy) return;
    setBusy("erase");
    setEraseError(null);
    try {
      await eraseCustomer(props.id);
      dialog.current?.close();
      setFlash(d.erased(props.id));
      navigate("/customers");
    } catch (err) {
      setEraseError(err);
      setBusy(null);
    }
  };

  return (
    <div class="data-actions">
      <div class="row-actions">
        <button type="button" class="button secondary" disabled={busy !== null} onClick={download}>
          {busy === "export" ? d.exporting : d.export}
        </button>
        <button type="button" class="button danger" disabled={busy !== null} onClick={openErase}>
          {d.erase}
        </button>
      </div>
      <p class="notice-line" role="status">
        {note}
      </p>
      {error !== null && (
        <p class="form-error" role="alert">
          {errorMessage(t, error)}
        </p>
      )}
      <dialog ref={dialog} class="erase-dialog" aria-labelledby="erase-title" aria-describedby="erase-intro">
        <form method="dialog" onSubmit={erase}>
          <h2 id="erase-title">{d.eraseTitle}</h2>
          <p id="erase-intro">{d.eraseIntro}</p>
          <div class="field">
            <label for="erase-confirm">
              {d.confirmLabel} <bdi dir="ltr">{props.id}</bdi>
            </label>
            <input
              id="erase-confirm"
              dir="ltr"
              autoComplete="off"
              spellcheck={false}
              value={typed}
              onInput={(ev) => setTyped(ev.currentTarget.value)}
              aria-describedby={eraseError ? "erase-error" : undefined}
            />
          </div>
          {eraseError !== null && (
            <p id="erase-error" class="form-error" role="alert">
              {errorMessage(t, eraseError)}
            </p>
          )}
          <div class="row-actions">
            <button type="submit" class="button danger-solid" disabled={typed !== props.id || busy === "erase"}>
              {busy === "erase" ? d.erasing : d.confirm}
            </button>
            <button type="button" class="button secondary" onClick={() => dialog.current?.close()}>
              {d.cancel}
            </button>
          </div>
        </form>
      </dialog>
    </div>
  );
}
