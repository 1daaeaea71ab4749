import type { ComponentType } from "preact";
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import type { Session } from "./api";
import type { Messages } from "./i18n/en";
import { type Locale, useI18n } from "./i18n/i18n";
import { LanguageMenu } from "./language-menu";
import { hrefOf, linkClick, type Route } from "./router";

type NavKey = keyof Omit<Messages["nav"], "label">;
/** The navigation, in the order a shop owner works through it. */
const NAV: readonly [Route, NavKey][] = [
  ["/", "overview"],
  ["/customers", "customers"],
  ["/segments", "segments"],
  ["/loyalty", "loyalty"],
  ["/content", "content"],
  ["/webhooks", "webhooks"],
  ["/settings", "settings"],
  ["/staff", "staff"],
  ["/audit-log", "audit"],
];

/** What every page component receives: the route's parameter (a customer id on `/customers/<id>`). */
export interface PageProps {
  param: string | null;
}
type PageModule = { Page: ComponentType<PageProps> };

/**
 * Every page is a chunk of its own, fetched after the shell renders, so sign-in and the layout
 * stay inside the initial-load budget (scripts/build-console.mjs); editors that validate with
 * the API's zod schemas share one more chunk (console/src/config/).
 */
const PAGES: Record<Exclude<Route, "/sign-in">, () => Promise<PageModule>> = {
  "/": () => import("./pages/overview").then((m) => ({ Page: m.Overview })),
  "/customers": () => import("./pages/customers/index"),
  "/segments": () => import("./pages/segments/index"),
  "/loyalty": () => import("./pages/loyalty/index"),
  "/content": () => import("./pages/content/index"),
  "/webhooks": () => import("./pages/webhooks/index"),
  "/settings": () => import("./pages/settings/index"),
  "/staff": () => import("./pages/staff/index"),
  "/audit-log": () => import("./pages/audit/index"),
};

/** Loads the route's page chunk, shows "Loading…" meanwhile, then the page; `onShown` runs after each render of a loaded page. */
function LazyPage(props: { route: Route; param: string | null; onShown: () => void }) {
  const [loaded, setLoaded] = useState<{ route: Route; Page: ComponentType<PageProps> } | null>(null);
  const [failed, setFailed] = useState(false);
  const { t } = useI18n();
  useEffect(() => {
    let live = true;
    setFailed(false);
    const load = PAGES[props.route === "/sign-in" ? "/" : props.route];
    load()
      .then((m) => live && setLoaded({ route: props.route, Page: m.Page }))
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, [props.route]);
  useEffect(() => {
    if (loaded?.route === props.route) props.onShown();
  });
  if (failed)
    return (
      <p class="form-error" role="alert">
        {t.errors.network}
      </p>
    );
  if (!loaded || loaded.route !== props.route)
    return (
      <p class="muted" role="status">
        {t.loading}
      </p>
    );
  return <loaded.Page param={props.param} />;
}

/**
 * The signed-in frame: skip link, top bar, section navigation (a collapsible panel on phones)
 * with the person's name, role, language and sign out, and the current page in <main>.
 * On navigation focus moves to the page's heading, so keyboard and screen-reader users start there.
 */
export function Layout(props: { route: Route; param: string | null; session: Session; onLocale: (l: Locale) => void; onSignOut: () => void }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  const current = NAV.find(([r]) => r === props.route)?.[1] ?? "overview";

  useEffect(() => {
    document.title = `${t.nav[current]} · ${t.appName}`;
  }, [current, t]);

  // A move to another page (or another customer) closes the menu and, once that page has
  // rendered, puts focus on its heading; the first page of a visit keeps the browser's focus.
  // (Arriving from sign-in counts as the first page: the browser's focus order starts at the skip link.)
  const wantFocus = useRef(false);
  const previous = useRef(props.route);
  useEffect(() => {
    setOpen(false);
    if (first.current || previous.current === "/sign-in") first.current = false;
    else wantFocus.current = true;
    previous.current = props.route;
  }, [props.route, props.param]);
  const shown = useCallback(() => {
    if (!wantFocus.current) return;
    const h1 = main.current?.querySelector<HTMLElement>("h1");
    if (h1) {
      wantFocus.current = false;
      h1.focus();
    }
  }, []);

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && setOpen(false);
    addEventListener("keydown", onKey);
    return () => removeEventListener("keydown", onKey);
  }, [open]);

  return (
    <div class="shell">
      <a class="skip-link" href="#main">
        {t.skipToContent}
      </a>
      <header class="topbar">
        <p class="brand">
          <span>{t.appName}</span>
          <span class="site-name">{props.session.siteName}</span>
        </p>
        <button type="button" class="button secondary menu-toggle" aria-expanded={open} aria-controls="console-nav" onClick={() => setOpen(!open)}>
          {open ? t.closeMenu : t.menu}
        </button>
      </header>
      <div class="frame">
        <nav id="console-nav" class={open ? "sidebar open" : "sidebar"} aria-label={t.nav.label}>
          <ul class="nav-list">
            {NAV.map(([route, key]) => (
              <li key={route}>
                <a href={hrefOf(route)} aria-current={route === props.route ? "page" : undefined} onClick={linkClick(route)}>
                  {t.nav[key]}
                </a>
              </li>
            ))}
          </ul>
          <div class="account">
            <p class="who">{t.signedInAs(props.session.actor, t.roles[props.session.role])}</p>
            <LanguageMenu id="nav-language" onLocale={props.onLocale} />
            <button type="button" class="button secondary" onClick={props.onSignOut}>
              {t.signOut}
            </button>
          </div>
        </nav>
        <main id="main" ref={main} tabIndex={-1}>
          <LazyPage route={props.route} param={props.param} onShown={shown} />
        </main>
      </div>
    </div>
  );
}
