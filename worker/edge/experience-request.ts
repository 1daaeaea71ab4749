/**
 * The experience request edge mode makes for a page (GET /v1/experience, as the widget would make
 * it): what it asks depends on the page (its widget tag's key and customer, its language, product
 * and placement). For a returning shopper it can be asked before the page has arrived, from the
 * request alone, and kept when the page turns out to ask the same (`sameAsk`): the page and the
 * experience then arrive side by side instead of one after the other.
 */
import type { Experience, Locale } from "../../contract/experience";
import type { EdgeEnv } from "./index";
import type { PageFacts } from "./page-facts";

/** What the request asks for. */
export type Ask = Pick<PageFacts, "publishableKey" | "locale" | "product" | "placement" | "customer">;

/** What a page asks for. */
export const askOf = (f: PageFacts): Ask => ({ publishableKey: f.publishableKey, locale: f.locale, product: f.product, placement: f.placement, customer: f.customer });

/** The guess before the page arrives: the configured key, the `?locale=` of the URL, nothing else. */
export function earlyAsk(publishableKey: string | undefined, url: URL): Ask | null {
  if (!publishableKey) return null;
  const l = url.searchParams.get("locale");
  const locale: Locale | null = l === "en" || l === "ar" || l === "fa" ? l : null;
  return { publishableKey, locale, product: null, placement: null, customer: null };
}

/** Whether the early answer is the one the page asks for (a page without a language takes the answer's). */
export function sameAsk(guess: Ask, page: Ask, answer: Experience): boolean {
  const locale = page.locale ?? answer.locale;
  return guess.publishableKey === page.publishableKey && answer.locale === locale && !page.customer && !page.product && !page.placement && (guess.locale === null || guess.locale === locale);
}

/** The shopper's experience, or null when Revisit is slow (past `budgetMs`), failing or refuses. */
export async function experienceFor(env: EdgeEnv, req: Request, ask: Ask, visitorId: string, budgetMs: number): Promise<Experience | null> {
  if (budgetMs <= 0 || !ask.publishableKey) return null;
  const url = new URL(req.url);
  const q = new URLSearchParams({ page: url.pathname });
  if (ask.locale) q.set("locale", ask.locale);
  if (ask.product) q.set("product", ask.product);
  if (ask.placement === "home" || ask.placement === "product" || ask.placement === "cart") q.set("placement", ask.placement);
  const headers: Record<string, string> = { "X-Revisit-Key": ask.publishableKey, "X-Revisit-Visitor": visitorId, Origin: url.origin };
  if (ask.customer) {
    headers["X-Revisit-Customer"] = ask.customer.id;
    headers["X-Revisit-Customer-Hash"] = ask.customer.hash;
    if (ask.customer.expires) headers["X-Revisit-Customer-Expires"] = ask.customer.expires;
  }
  const api = `${env.REVISIT ? "https://revisit" : (env.REVISIT_API ?? "").replace(/\/$/, "")}/v1/experience?${q}`;
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), budgetMs);
  try {
    const res = await (env.REVISIT ? env.REVISIT.fetch(api, { headers, signal: abort.signal }) : fetch(api, { headers, signal: abort.signal }));
    if (!res.ok) return null;
    const exp = (await res.json()) as Experience;
    return exp && typeof exp === "object" && exp.greeting ? exp : null;
  } catch {
    return null; // too slow, or Revisit is down: the script path takes over
  } finally {
    clearTimeout(timer);
  }
}
