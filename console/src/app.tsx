import { createContext } from "preact";
import { useCallback, useContext, useEffect, useMemo, useRef, useState } from "preact/hooks";
import { onSessionLost, readSession, type Session, setCsrfToken, signOut } from "./api";
import type { Messages } from "./i18n/en";
import { applyDocumentLocale, formattersFor, I18nContext, initialLocale, type Locale, loadMessages, rememberLocale } from "./i18n/i18n";
import { Layout } from "./layout";
import { navigate, type Route, useLocation } from "./router";
import { SignIn } from "./pages/sign-in";

/** The signed-in session for pages that need the role (viewers get no save buttons). */
export const SessionContext = createContext<Session | null>(null);

/**
 * Whether the signed-in person may change things: viewers only read, so pages hide or disable
 * their save buttons (the API still answers 403, and errors.ts still explains it, if one slips by).
 */
export const useCanEdit = () => useContext(SessionContext)?.role !== "viewer";

/** Why the sign-in page is shown, so it can say "you signed out" or "your session ended". */
export type SignInReason = "signedOut" | "expired" | null;

/**
 * The console: loads the language, asks the server whether this browser has a session, then
 * shows the sign-in page or the signed-in layout. The session itself lives in an HttpOnly
 * cookie; only its description (shop, role, CSRF token) is held here, in memory.
 */
export function App() {
  const [locale, setLocale] = useState<Locale>(initialLocale);
  const [t, setT] = useState<Messages | null>(null);
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const [reason, setReason] = useState<SignInReason>(null);
  const [bootError, setBootError] = useState(false);
  const { route, param } = useLocation();
  const returnTo = useRef<{ route: Route; param: string | null }>({ route: "/", param: null });

  useEffect(() => {
    let live = true;
    loadMessages(locale).then((m) => {
      if (!live) return;
      applyDocumentLocale(locale);
      setT(m);
    });
    return () => {
      live = false;
    };
  }, [locale]);

  const accept = useCallback((s: Session | null) => {
    setCsrfToken(s?.csrfToken ?? "");
    setSession(s);
  }, []);

  useEffect(() => {
    onSessionLost(() => {
      accept(null);
      setReason("expired");
    });
    readSession()
      .then(accept)
      .catch(() => setBootError(true));
  }, [accept]);

  // Signed out: only the sign-in page (keeping ?invite= and ?locale=), then back to the page asked for.
  // Signed in: never the sign-in page.
  useEffect(() => {
    if (session === null && route !== "/sign-in") {
      returnTo.current = reason === "signedOut" ? { route: "/", param: null } : { route, param };
      navigate("/sign-in", true);
    }
    if (session && route === "/sign-in") navigate(returnTo.current.route, true, returnTo.current.param);
  }, [session, route, param, reason]);

  const chooseLocale = useCallback((l: Locale) => {
    rememberLocale(l);
    const url = new URL(location.href);
    url.searchParams.set("locale", l);
    history.replaceState(null, "", url);
    setLocale(l);
  }, []);

  const leave = useCallback(async () => {
    await signOut().catch(() => {});
    setReason("signedOut");
    accept(null);
  }, [accept]);

  const i18n = useMemo(() => (t ? { locale, t, f: formattersFor(locale) } : null), [locale, t]);

  if (!i18n) return null;
  if (session === undefined)
    return (
      <p class="boot" role="status">
        {bootError ? i18n.t.errors.network : i18n.t.loading}
      </p>
    );
  return (
    <I18nContext.Provider value={i18n}>
      <SessionContext.Provider value={session}>
        {session ? (
          <Layout route={route} param={param} session={session} onLocale={chooseLocale} onSignOut={leave} />
        ) : (
          <SignIn
            reason={reason}
            onLocale={chooseLocale}
            onSignedIn={(s) => {
              setReason(null);
              accept(s);
            }}
          />
        )}
      </SessionContext.Provider>
    </I18nContext.Provider>
  );
}
