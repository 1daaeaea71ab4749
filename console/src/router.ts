import { useEffect, useState } from "preact/hooks";

/**
 * A history router small enough to read in one go (README "Design notes"): the console has a
 * fixed list of pages, one of which takes a parameter (`/customers/<id>`), so a path → page
 * table beats a dependency. Paths are under /admin; the query string (locale, invite) survives
 * navigation.
 */
export const BASE = "/admin";

/** The console's pages by path (without the /admin prefix). */
export const ROUTES = ["/", "/sign-in", "/customers", "/segments", "/loyalty", "/content", "/webhooks", "/settings", "/staff", "/audit-log"] as const;
export type Route = (typeof ROUTES)[number];

/** The page for the current URL; an unknown path shows the overview rather than a dead end. */
export function currentRoute(): Route {
  const rest = location.pathname.slice(BASE.length).replace(/\/+$/, "") || "/";
  if ((ROUTES as readonly string[]).includes(rest)) return rest as Route;
  return /^\/customers\/[^/]+$/.test(rest) ? "/customers" : "/";
}

/** The page's parameter: the customer id of `/customers/<id>` (decoded), else null. */
export function routeParam(): string | null {
  const m = /^\/admin\/customers\/([^/]+)\/?$/.exec(location.pathname);
  if (!m?.[1]) return null;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return null;
  }
}

/** The href of a page (with a parameter: `/customers/<id>`), keeping ?locale= (a shared link opens in the same language) and, for sign-in, ?invite=. */
export function hrefOf(route: Route, param?: string | null): string {
  const now = new URLSearchParams(location.search);
  const keep = new URLSearchParams();
  for (const k of route === "/sign-in" ? ["locale", "invite"] : ["locale"]) {
    const v = now.get(k);
    if (v) keep.set(k, v);
  }
  const qs = keep.toString();
  const path = param ? `${route}/${encodeURIComponent(param)}` : route;
  return `${BASE}${path === "/" ? "/" : path}${qs ? `?${qs}` : ""}`;
}

const listeners = new Set<() => void>();

/** Moves to a page without a reload (pushState) and tells every `useRoute`. */
export function navigate(route: Route, replace = false, param?: string | null) {
  const url = hrefOf(route, param);
  if (replace) history.replaceState(null, "", url);
  else history.pushState(null, "", url);
  for (const l of listeners) l();
}

/** The current page and its parameter, re-rendered on navigate() and on the browser's back / forward. */
export function useRoute(): Route {
  return useLocation().route;
}

const whereNow = () => ({ route: currentRoute(), param: routeParam() });

/** The current page with its parameter (`/customers/<id>` → route "/customers", param the id). */
export function useLocation(): { route: Route; param: string | null } {
  const [where, setWhere] = useState(whereNow);
  useEffect(() => {
    const update = () => setWhere(whereNow());
    listeners.add(update);
    addEventListener("popstate", update);
    return () => {
      listeners.delete(update);
      removeEventListener("popstate", update);
    };
  }, []);
  return where;
}

/**
 * Click handler for in-app links: a plain left click navigates in place; modified clicks
 * (new tab, download) keep the browser's behaviour because the element is a real <a href>.
 */
export function linkClick(route: Route, param?: string | null) {
  return (e: MouseEvent) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(route, false, param);
  };
}
