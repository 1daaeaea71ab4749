/// <reference path="../features/experience/revisit-ssr.d.ts" />
/**
 * Edge mode (issue 16): a Worker on the shop's own domain, in front of its origin, that puts the
 * shopper's Revisit blocks into the page's first byte. For a page with `data-revisit`
 * placeholders and the widget tag, it asks Revisit for the shopper's experience (the visitor id
 * from the widget's first-party cookie, a customer from the HMAC the page already prints for the
 * widget), renders each block with the widget's own components into a declarative shadow root
 * (HTMLRewriter), and hands the experience to the widget in the page, which takes the blocks over
 * without drawing them again. Everything else passes through untouched.
 *
 * The shop never waits on Revisit for long: past `BUDGET_MS`, or on any error, the page goes out
 * as the origin sent it and the widget fills the placeholders itself (the script path).
 * Configuration (wrangler.edge.toml): ORIGIN, REVISIT_API or a REVISIT service binding,
 * BUDGET_MS, SESSION_COOKIES.
 */
import { renderBlocks } from "revisit-ssr";
import type { Experience } from "../../contract/experience";
import { allowStyles, styleHash, styleTexts } from "./csp";
import { originPage } from "./origin-cache";
import { askOf, earlyAsk, experienceFor, sameAsk } from "./experience-request";
import { pageFacts } from "./page-facts";
import { personalize } from "./personalize";
import { newVisitor, visitorCookie, visitorOf } from "./visitor-cookie";

/** The edge Worker's bindings. */
export interface EdgeEnv {
  /** The shop's origin, e.g. `https://origin.shop.example` (the page's path and query are kept). */
  ORIGIN: string;
  /** Revisit's API, e.g. `https://revisit.example.workers.dev` (unused when `REVISIT` is bound). */
  REVISIT_API?: string;
  /** A service binding to the Revisit Worker (same account): no public hop. */
  REVISIT?: Fetcher;
  /** How long a page may wait for the shopper's experience, in ms (default 300). */
  BUDGET_MS?: string;
  /** The shop's session cookies, comma-separated: a request carrying one never shares cached HTML. */
  SESSION_COOKIES?: string;
  /**
   * The site's publishable key, to ask for a returning shopper's experience while the page is
   * still on its way (used only when the page asks the same; leave unset on shops whose pages
   * require consent first).
   */
  PUBLISHABLE_KEY?: string;
}

const DEFAULT_BUDGET_MS = 300;

/**
 * Links and images the catalog gives with the origin's own address (a shop whose feed names its
 * origin host) point at the address the shopper uses, as a reverse proxy rewrites its origin's
 * redirects: in the blocks and in the experience the widget takes over.
 */
export function relink(exp: Experience | null, from: string, to: string): Experience | null {
  if (!exp || from === to) return exp;
  return JSON.parse(JSON.stringify(exp).replaceAll(JSON.stringify(from).slice(0, -1), JSON.stringify(to).slice(0, -1)));
}

export default {
  async fetch(req: Request, env: EdgeEnv, ctx: ExecutionContext): Promise<Response> {
    const url = new URL(req.url);
    const originUrl = new URL(url.pathname + url.search, env.ORIGIN);
    const sessionCookies = (env.SESSION_COOKIES ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    const budget = Number(env.BUDGET_MS) > 0 ? Number(env.BUDGET_MS) : DEFAULT_BUDGET_MS;
    const deadline = Date.now() + budget;
    // A returning shopper (the widget's cookie) on a page that asks nothing special: ask Revisit
    // now, while the page is on its way; used below only if the page turns out to ask the same.
    const known = req.method === "GET" ? visitorOf(req.headers.get("Cookie")) : null;
    const guess = known ? earlyAsk(env.PUBLISHABLE_KEY, url) : null;
    const early = guess && known ? experienceFor(env, req, guess, known, budget) : null;
    const { res: origin, cache } = await originPage(req, originUrl, sessionCookies, (p) => ctx.waitUntil(p));
    const type = origin.headers.get("Content-Type") ?? "";
    if (req.method !== "GET" || origin.status !== 200 || !type.startsWith("text/html")) return origin;
    const html = await origin.text();
    const page = () => new Response(html, origin);
    const facts = pageFacts(html);
    if (!facts.publishableKey || facts.consentRequired || facts.placeholders.length === 0) return page();
    const fresh = !known;
    const visitorId = known ?? newVisitor();
    const ask = askOf(facts);
    const guessed = early ? await early : null;
    const answer = guess && guessed && sameAsk(guess, ask, guessed) ? guessed : await experienceFor(env, req, ask, visitorId, deadline - Date.now());
    const exp = relink(answer, originUrl.origin, url.origin);
    let out: Response;
    let rendered = false;
    try {
      if (!exp) throw new Error("no experience");
      const blocks = renderBlocks({ experience: exp, placeholders: facts.placeholders, languages: [facts.lang] });
      out = personalize(page(), exp, blocks);
      const policy = origin.headers.get("Content-Security-Policy");
      if (policy) {
        const hashes = await Promise.all(styleTexts(blocks.map((b) => b.html)).map(styleHash));
        out = new Response(out.body, out);
        out.headers.set("Content-Security-Policy", allowStyles(policy, hashes));
      }
      rendered = true;
    } catch {
      out = page(); // the script path: the widget fills the placeholders itself
    }
    const res = new Response(out.body, out);
    // This shopper's own answer (their blocks, or their new cookie): never kept by a shared cache.
    if (exp || fresh) {
      res.headers.set("Cache-Control", "private, no-store");
      res.headers.append("Vary", "Cookie");
    }
    if (fresh) res.headers.append("Set-Cookie", visitorCookie(visitorId, url.protocol === "https:"));
    // For the shop's operators (and the tests): whether the shop's HTML came from the edge cache, and whether blocks went in.
    res.headers.set("X-Revisit-Edge", `cache=${cache}; blocks=${rendered ? "rendered" : "script"}`);
    return res;
  },
} satisfies ExportedHandler<EdgeEnv>;
