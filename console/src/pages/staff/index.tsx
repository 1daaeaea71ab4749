import { useContext, useEffect, useRef, useState } from "preact/hooks";
import { request } from "../../api";
import { SessionContext } from "../../app";
import { errorMessage, fieldErrors } from "../../errors";
import { Field } from "../../field";
import { useI18n, usePageMessages } from "../../i18n/i18n";
import type { PageProps } from "../../layout";
import { CopyButton } from "../../forms/copy-button";
import { messages } from "./messages";

/** A staff member as `GET /v1/staff` lists them. */
interface Member {
  id: string;
  email: string;
  role: "editor" | "viewer";
  invitedAt: string;
  inviteExpiresAt: string;
}
/** `POST /v1/staff`: the member plus the invite, answered once. */
type Invite = Member & { inviteToken: string; inviteUrl: string };

/** How long an invite signs in (worker/features/console-auth/session-store.ts). */
const INVITE_DAYS = 7;

/**
 * The team: the owner invites editors and viewers (the invitation link is shown once, with Copy)
 * and removes them after a confirmation; editors and viewers see the same list read-only, with a
 * note saying why. All through the public staff API (`/v1/staff`), which refuses non-owners' changes itself.
 */
export function Page(_: PageProps) {
  const { t, f } = useI18n();
  const page = usePageMessages(messages);
  const owner = useContext(SessionContext)?.role === "owner";
  const [staff, setStaff] = useState<Member[] | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [status, setStatus] = useState("");
  const [invite, setInvite] = useState<Invite | null>(null);
  const [removing, setRemoving] = useState<Member | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);

  const load = () =>
    request<{ staff: Member[] }>("GET", "/v1/staff")
      .then((r) => setStaff(r.staff))
      .catch(setLoadError);
  useEffect(() => {
    load();
  }, []);

  const remove = async (m: Member) => {
    try {
      await request("DELETE", `/v1/staff/${encodeURIComponent(m.id)}`);
      setStatus(page.revoked(m.email));
      setStaff((list) => list?.filter((x) => x.id !== m.id) ?? null);
    } catch (e) {
      setStatus(errorMessage(t, e));
    }
    dialog.current?.close();
    setRemoving(null);
  };

  return (
    <section class="page staff-page">
      <h1 tabIndex={-1}>{page.title}</h1>
      <p class="muted">{page.intro}</p>
      {!owner && <p class="notice">{page.ownerOnly}</p>}
      {owner && (
        <>
          <InviteForm
            onInvited={(i) => {
              setInvite(i);
              setStatus(page.invited(i.email));
              load();
            }}
          />
          {invite && (
            <section class="card invite-link" aria-labelledby="invite-link-title">
              <h2 id="invite-link-title">{page.linkTitle}</h2>
              <p>{page.linkOnce(f.number(INVITE_DAYS))}</p>
              <p>
                <code dir="ltr" id="invite-url">
                  {invite.inviteUrl}
                </code>
              </p>
              <CopyButton id="copy-invite" text={invite.inviteUrl} label={page.copyLink} />
            </section>
          )}
          <p role="status" class="staff-status">
            {status}
          </p>
        </>
      )}
      <section class="card" aria-labelledby="team-title">
        <h2 id="team-title">{page.listTitle}</h2>
        {loadError ? (
          <p class="form-error" role="alert">
            {errorMessage(t, loadError)}
          </p>
        ) : !staff ? (
          <p class="muted">{t.loading}</p>
        ) : staff.length === 0 ? (
          <p class="muted">{page.none}</p>
        ) : (
          <div class="table-wrap">
            <table class="data staff-table cards-on-phone">
              <thead>
                <tr>
                  <th scope="col">{page.email}</th>
                  <th scope="col">{page.role}</th>
                  <th scope="col">{page.invitedAt}</th>
                  <th scope="col">{page.expires}</th>
                  {owner && <th scope="col">{page.actions}</th>}
                </tr>
              </thead>
              <tbody>
                {staff.map((m) => (
                  <tr key={m.id} data-staff={m.email}>
                    <td data-label={page.email}>
                      <bdi>{m.email}</bdi>
                    </td>
                    <td data-label={page.role}>{page.roleShort[m.role]}</td>
                    <td data-label={page.invitedAt}>{f.date(m.invitedAt.slice(0, 10))}</td>
                    <td data-label={page.expires}>{f.date(m.inviteExpiresAt.slice(0, 10))}</td>
                    {owner && (
                      <td>
                        <button
                          type="button"
                          class="button secondary"
                          aria-label={`${page.revoke}: ${m.email}`}
                          onClick={() => {
                            setRemoving(m);
                            dialog.current?.showModal();
                          }}
                        >
                          {page.revoke}
                        </button>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {owner && (
        <dialog ref={dialog} aria-labelledby="revoke-title" aria-describedby="revoke-text" onClose={() => setRemoving(null)}>
          <h2 id="revoke-title">{removing ? page.revokeTitle(removing.email) : ""}</h2>
          <p id="revoke-text">{page.revokeText}</p>
          <div class="row-actions">
            <button type="button" class="button primary" id="revoke-confirm" onClick={() => removing && remove(removing)}>
              {page.revokeConfirm}
            </button>
            <button type="button" class="button secondary" onClick={() => dialog.current?.close()}>
              {page.cancel}
            </button>
          </div>
        </dialog>
      )}
    </section>
  );
}

/** Email and role; the API's field issues show at their fields, and a failed invite keeps what was typed. */
function InviteForm(props: { onInvited: (i: Invite) => void }) {
  const { t } = useI18n();
  const page = usePageMessages(messages);
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<"editor" | "viewer">("viewer");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [checked, setChecked] = useState(false);
  const fields = fieldErrors(error);
  // The API checks the address too; this catches the obvious slip without a round trip.
  const looksLikeEmail = /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim());
  const submit = async (e: Event) => {
    e.preventDefault();
    setChecked(true);
    if (busy || !looksLikeEmail) return;
    setBusy(true);
    setError(null);
    try {
      props.onInvited(await request<Invite>("POST", "/v1/staff", { email: email.trim(), role }));
      setEmail("");
      setChecked(false);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const emailError = checked && !email.trim() ? t.errors.required : (checked && !looksLikeEmail) || fields.email ? t.errors.issues.format : undefined;
  return (
    <form class="card invite-form" onSubmit={submit} aria-labelledby="invite-title" noValidate>
      <h2 id="invite-title">{page.inviteTitle}</h2>
      <div class="editor">
        <Field id="invite-email" type="email" label={page.email} value={email} autoComplete="off" dir="ltr" error={emailError} onInput={(e) => setEmail((e.currentTarget as HTMLInputElement).value)} />
        <div class="field">
          <label for="invite-role">{page.role}</label>
          <select id="invite-role" value={role} onChange={(e) => setRole((e.currentTarget as HTMLSelectElement).value as "editor" | "viewer")}>
            <option value="viewer">{page.roles.viewer}</option>
            <option value="editor">{page.roles.editor}</option>
          </select>
        </div>
      </div>
      {error && !emailError ? (
        <p class="form-error" role="alert">
          {errorMessage(t, error)}
        </p>
      ) : null}
      <button type="submit" class="button primary" disabled={busy}>
        {busy ? page.inviting : page.invite}
      </button>
    </form>
  );
}
