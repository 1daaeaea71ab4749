import { useEffect, useRef, useState } from "preact/hooks";
import { type Credentials, type Session, signIn } from "../api";
import { errorMessage, fieldErrors } from "../errors";
import { Field } from "../field";
import { type Locale, useI18n } from "../i18n/i18n";
import { LanguageMenu } from "../language-menu";
import type { SignInReason } from "../app";

type Method = "secretKey" | "adminToken" | "invite";

/**
 * Sign-in: the shop's secret key, the deployment's admin token with a shop id, or an invitation
 * (`?invite=` in the link fills it in and selects it). Credentials go only into the POST body of
 * `/admin/session`; the answer sets an HttpOnly cookie, so nothing secret is kept by the page.
 */
export function SignIn(props: { reason: SignInReason; onLocale: (l: Locale) => void; onSignedIn: (s: Session) => void }) {
  const { t } = useI18n();
  const invite = new URLSearchParams(location.search).get("invite") ?? "";
  const [method, setMethod] = useState<Method>(invite ? "invite" : "secretKey");
  const [values, setValues] = useState({ secretKey: "", adminToken: "", siteId: "", inviteToken: invite });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const summary = useRef<HTMLDivElement>(null);

  useEffect(() => {
    document.title = `${t.signIn.title} · ${t.appName}`;
  }, [t]);

  const set = (k: keyof typeof values) => (e: Event) => setValues({ ...values, [k]: (e.currentTarget as HTMLInputElement).value.trim() });
  const credentials = (): Credentials =>
    method === "secretKey" ? { secretKey: values.secretKey } : method === "adminToken" ? { adminToken: values.adminToken, siteId: values.siteId } : { inviteToken: values.inviteToken };

  const submit = async (e: Event) => {
    e.preventDefault();
    const creds = credentials();
    const missing = Object.fromEntries(Object.entries(creds).flatMap(([k, v]) => (v ? [] : [[k, t.errors.required]])));
    setFields(missing);
    if (Object.keys(missing).length) {
      setError(t.errors.invalid_request);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      props.onSignedIn(await signIn(creds));
    } catch (err) {
      setError(errorMessage(t, err));
      setFields(fieldErrors(err));
      setBusy(false);
      requestAnimationFrame(() => summary.current?.focus());
    }
  };

  const choose = (m: Method) => {
    setMethod(m);
    setFields({});
    setError(null);
  };
  const notice = props.reason === "signedOut" ? t.signIn.signedOut : props.reason === "expired" ? t.signIn.expired : null;
  const methods: [Method, string][] = [
    ["secretKey", t.signIn.withSecretKey],
    ["adminToken", t.signIn.withAdminToken],
    ["invite", t.signIn.withInvite],
  ];

  return (
    <div class="sign-in-page">
      <header class="sign-in-top">
        <span class="brand">{t.appName}</span>
        <LanguageMenu id="sign-in-language" onLocale={props.onLocale} />
      </header>
      <main id="main" class="sign-in-card" tabIndex={-1}>
        <h1>{t.signIn.title}</h1>
        <p class="muted">{t.signIn.intro}</p>
        {notice && (
          <p class="notice" role="status">
            {notice}
          </p>
        )}
        <form onSubmit={submit} noValidate>
          <fieldset class="methods">
            <legend>{t.signIn.method}</legend>
            {methods.map(([m, label]) => (
              <label key={m} class="method">
                <input type="radio" name="method" value={m} checked={method === m} onChange={() => choose(m)} />
                {label}
              </label>
            ))}
          </fieldset>
          {method === "secretKey" && (
            <Field
              id="secret-key"
              label={t.signIn.secretKey}
              hint={t.signIn.secretKeyHint}
              error={fields.secretKey}
              type="password"
              autoComplete="current-password"
              spellcheck={false}
              dir="ltr"
              value={values.secretKey}
              onInput={set("secretKey")}
            />
          )}
          {method === "adminToken" && (
            <>
              <Field
                id="admin-token"
                label={t.signIn.adminToken}
                error={fields.adminToken}
                type="password"
                autoComplete="current-password"
                dir="ltr"
                value={values.adminToken}
                onInput={set("adminToken")}
              />
              <Field id="site-id" label={t.signIn.siteId} error={fields.siteId} type="text" autoComplete="username" spellcheck={false} dir="ltr" value={values.siteId} onInput={set("siteId")} />
            </>
          )}
          {method === "invite" && (
            <Field
              id="invite-token"
              label={t.signIn.inviteToken}
              hint={invite ? t.signIn.inviteHint : undefined}
              error={fields.inviteToken}
              type="text"
              spellcheck={false}
              dir="ltr"
              value={values.inviteToken}
              onInput={set("inviteToken")}
            />
          )}
          <div ref={summary} tabIndex={-1} class="form-error" role="alert">
            {error}
          </div>
          <button type="submit" class="button primary" disabled={busy}>
            {busy ? t.signIn.submitting : t.signIn.submit}
          </button>
        </form>
      </main>
    </div>
  );
}
