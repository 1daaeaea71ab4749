import { useEffect, useState } from "preact/hooks";

/**
 * A history router small enough to read in one go (README "Design notes"): the console has a
 * fixed list of pages without parameters, so a path → page table beats a dependency.
 * Paths are under /admin; the query string (locale, invite) survives navigation.
 */
export const BASE = "/admin";

/** The console's pages by path (without the /admin prefix). */
export const ROUTES = ["/", "/sign-in", "/customers", "/segments", "/loyalty", "/content", "/webhooks", "/settings", "/audit-log"] as const;
export type Route = (typeof ROUTES)[number];

/** The page for the current URL; an unknown path shows the overview rather than a dead end. */
export function currentRoute(): Route {
  const rest = location.pathname.slice(BASE.length).replace(/\/+$/, "") || "/";
  return (ROUTES as readonly string[]).includes(rest) ? (rest as Route) : "/";
}

/** The href of a page, keeping ?locale= (a shared link opens in the same language) and, for sign-in, ?invite=. */
export function hrefOf(route: Route): string {
  const now = new URLSearchParams(location.search);
  const keep = new URLSearchParams();
  for (const k of route === "/sign-in" ? ["locale", "invite"] : ["locale"]) {
    const v = now.get(k);
    if (v) keep.set(k, v);
  }
  const qs = keep.toString();
  return `${BASE}${route === "/" ? "/" : route}${qs ? `?${qs}` : ""}`;
}

const listeners = new Set<() => void>();

/** Moves to a page without a reload (pushState) and tells every `useRoute`. */
export function navigate(route: Route, replace = false) {
  const url = hrefOf(route);
  if (replace) history.replaceState(null, "", url);
  else history.pushState(null, "", url);
  for (const l of listeners) l();
}

/** The current page, re-rendered on navigate() and on the browser's back / forward. */
export function useRoute(): Route {
  const [route, setRoute] = useState(currentRoute);
  useEffect(() => {
    const update = () => setRoute(currentRoute());
    listeners.add(update);
    addEventListener("popstate", update);
    return () => {
      listeners.delete(update);
      removeEventListener("popstate", update);
    };
  }, []);
  return route;
}

/**
 * Click handler for in-app links: a plain left click navigates in place; modified clicks
 * (new tab, download) keep the browser's behaviour because the element is a real <a href>.
 */
export function linkClick(route: Route) {
  return (e: MouseEvent) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(route);
  };
}
