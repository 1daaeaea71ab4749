/**
 * Recommendation scoring. Pure: the Worker feeds it records read from KV, the
 * benchmark feeds it records learnt in memory; both run these same functions.
 *
 * A request scores a bounded candidate set: the neighbours of at most ~80 seed products (the
 * current product, the cart, the last order, recently viewed, the shopper's most frequent and
 * recent purchases), their re-buyable purchases, and a few precomputed popular lists (overall,
 * per category of interest, per survey-answer tag). Each signal adds to a candidate's score and
 * the strongest one becomes its reason.
 */
import type { Reason, Recommendation } from "../../../contract/experience";
import { isRebuyable, rebuyInterval, rebuyPropensity } from "./rebuy";
import type { ProductRecord, RecContext, RecLookup, Shopper } from "./types";
import { DAY_MS } from "../../platform/time";

/** How strongly each signal counts; tuned on the Online Retail replay (`npm run bench:recs`). */
export const WEIGHTS = {
  buyAgain: 2.5,
  /** Neighbours of what the shopper bought (per seed weight). */
  bought: 1,
  /** Extra for neighbours of the last order (cross-sell). */
  lastOrder: 0.5,
  viewed: 0.8,
  current: 3,
  cart: 2,
  /** Neighbours of products saved for later: a stated wish, between a view and the cart. */
  saved: 1.2,
  survey: 1.5,
  category: 0.6,
  popular: 0.1,
};

export const LIMITS = {
  /** Purchases considered for buy-again and as seeds. */
  purchases: 40,
  recentlyViewed: 8,
  cart: 10,
  saved: 10,
  lastOrder: 10,
  /** Final picks may take at most this many items of one category (survey matches excepted). */
  perCategory: 3,
  /** …and at most this many explained by the same seed product. */
  perSeed: 4,
};

/**
 * "Now" for recency, relative to the shop's own data: the latest order the shop or this shopper
 * has, never after the wall clock. A history replayed from 2011 behaves as it did in 2011; a live
 * shop's latest order is minutes old, so this is the wall clock in practice.
 */
export function referenceTime(now: number, shopLatestAt: number | null, shopperLastOrderAt: number | null): number {
  const latest = Math.max(shopLatestAt ?? -Infinity, shopperLastOrderAt ?? -Infinity);
  return Number.isFinite(latest) ? Math.min(now, latest) : now;
}

/** The shopper's purchases that matter most: frequent and recent first. */
export function topPurchases(s: Shopper, ref: number, n = LIMITS.purchases): string[] {
  return Object.entries(s.purchases)
    .map(([id, p]) => [id, Math.log2(1 + p.orders) * recency(ref - p.lastAt)] as const)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, n)
    .map((x) => x[0]);
}

const recency = (ms: number) => 1 / (1 + Math.max(0, ms) / (60 * DAY_MS));

/** Product records to read first: the seeds whose neighbours and re-buy stats the scoring needs. */
export function seedIds(s: Shopper, ctx: RecContext): string[] {
  const ids = [
    ...(ctx.productId ? [ctx.productId] : []),
    ...s.cart.slice(0, LIMITS.cart),
    ...(s.saved ?? []).slice(0, LIMITS.saved),
    ...s.lastOrderItems.slice(0, LIMITS.lastOrder),
    ...s.recentlyViewed.slice(0, LIMITS.recentlyViewed),
    ...topPurchases(s, ctx.ref),
  ];
  return [...new Set(ids)];
}

/** Candidate lists to read: overall popular, the strongest categories of interest, survey tags. */
export function listKeys(s: Shopper, ctx: RecContext, lookup: RecLookup): string[] {
  const keys = ["top"];
  const current = ctx.productId ? lookup.record(ctx.productId) : null;
  for (const c of current?.item.categories.slice(0, 2) ?? []) keys.push(`c:${c}`);
  for (const [c] of Object.entries(s.categoryViews)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, 2))
    keys.push(`c:${c}`);
  for (const a of s.answerTags.slice(0, 3)) keys.push(`t:${a.tag}`);
  return [...new Set(keys)];
}

export interface Scored {
  id: string;
  score: number;
  reason: Reason;
  /** The contribution that chose the reason. */
  best: number;
  /** The seed product the reason refers to (for diversity), if any. */
  seed: string | null;
}

/** Scores every candidate reachable from the seeds and lists; best first. */
export function rankCandidates(s: Shopper, ctx: RecContext, lookup: RecLookup): Scored[] {
  const acc = new Map<string, Scored>();
  const add = (id: string, score: number, reason: Reason, seed: string | null) => {
    if (!(score > 0)) return;
    const c = acc.get(id);
    if (!c) acc.set(id, { id, score, reason, best: score, seed });
    else {
      c.score += score;
      if (score > c.best) Object.assign(c, { best: score, reason, seed });
    }
  };
  const title = (id: string) => lookup.record(id)?.item.title ?? null;
  const spread = (id: string, weight: number, reason: Reason) => {
    for (const [n, sim] of lookup.record(id)?.nb ?? []) add(n, weight * sim, reason, id);
  };

  // What the page is about: the current product, the cart.
  if (ctx.productId) {
    const w = WEIGHTS.current * (ctx.placement === "product" ? 1.5 : 1);
    spread(ctx.productId, w, { code: "bought_together", ref: ctx.productId, label: title(ctx.productId) });
  }
  s.cart.slice(0, LIMITS.cart).forEach((id, i) => {
    const w = WEIGHTS.cart * (ctx.placement === "cart" ? 1.5 : 1) * 0.9 ** i;
    spread(id, w, { code: "complete_the_set", ref: id, label: title(id) });
  });

  // What the shopper saved for later: what goes with it (the saved products themselves are in the saved block).
  (s.saved ?? []).slice(0, LIMITS.saved).forEach((id, i) => {
    spread(id, WEIGHTS.saved * 0.9 ** i, { code: "because_you_saved", ref: id, label: title(id) });
  });

  // What the shopper bought: buy again when due, and what goes with it.
  const last = new Set(s.lastOrderItems.slice(0, LIMITS.lastOrder));
  for (const id of new Set([...topPurchases(s, ctx.ref), ...last])) {
    const p = s.purchases[id];
    const rec = lookup.record(id);
    const orders = p?.orders ?? 1;
    const since = ctx.ref - (p?.lastAt ?? s.lastOrderAt ?? ctx.ref);
    const seedW = WEIGHTS.bought * Math.log2(1 + orders) * recency(since) + (last.has(id) ? WEIGHTS.lastOrder : 0);
    spread(id, seedW, { code: "because_you_bought", ref: id, label: title(id) });
    if (rec && isRebuyable(rec.item.replenishDays, rec.rebuy)) {
      const days = since / DAY_MS;
      const interval = rebuyInterval(rec.item.replenishDays, rec.rebuy);
      const due = days >= 0.5 * interval ? 1 : 0.6 + (0.4 * days) / (0.5 * interval);
      const score = WEIGHTS.buyAgain * Math.log2(1 + orders) * (0.3 + rebuyPropensity(rec.rebuy)) * due * recency(since - interval * DAY_MS);
      add(id, score, { code: "buy_again", ref: id, label: rec.item.title }, null);
    }
  }

  // What the shopper looked at.
  s.recentlyViewed.slice(0, LIMITS.recentlyViewed).forEach((id, i) => {
    const w = WEIGHTS.viewed * 0.85 ** i;
    const reason: Reason = { code: "recently_viewed", ref: id, label: title(id) };
    add(id, w, reason, id);
    spread(id, w * 0.8, reason);
  });

  // What the shopper told us, what they browse, what sells.
  for (const a of s.answerTags.slice(0, 3)) {
    ranked(lookup.list(`t:${a.tag}`), (id, r) => add(id, WEIGHTS.survey * r, { code: "survey_match", ref: a.tag, label: a.label }, null));
  }
  const interest = Object.entries(s.categoryViews);
  const current = ctx.productId ? lookup.record(ctx.productId) : null;
  const top = Math.max(1, ...interest.map((x) => x[1]));
  const cats = new Map<string, number>(interest.map(([c, v]) => [c, v / top]));
  for (const c of current?.item.categories.slice(0, 2) ?? []) cats.set(c, (cats.get(c) ?? 0) + 1);
  for (const [c, strength] of cats) {
    const code = current?.item.categories.includes(c) && !s.categoryViews[c] ? "trending_in_category" : "same_category";
    ranked(lookup.list(`c:${c}`), (id, r) => add(id, WEIGHTS.category * Math.min(1.5, strength) * r, { code, ref: c, label: ctx.categoryName(c) }, null));
  }
  ranked(lookup.list("top"), (id, r) => add(id, WEIGHTS.popular * r, { code: "popular", ref: null, label: null }, null));

  return [...acc.values()].sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
}

/** Calls `f` with each id of a ranked list and a weight from 1 (first) down to 0.5 (last). */
function ranked(list: string[] | null | undefined, f: (id: string, r: number) => void) {
  if (!list?.length) return;
  list.forEach((id, i) => f(id, 1 - (0.5 * i) / list.length));
}

/** How many of the best candidates to read in full before the final pick (filters drop some). */
export const finalistCount = (limit: number) => limit * 3 + 10;

/**
 * The final list: filters (out of stock, the current product, what is in the cart, members-only
 * for non-members, durables already owned), then diversity caps, then the limit.
 */
export function pick(scored: Scored[], s: Shopper, ctx: RecContext, lookup: RecLookup): Recommendation[] {
  const out: Recommendation[] = [];
  const perCategory = new Map<string, number>();
  const perSeed = new Map<string, number>();
  // The saved products are shown in their own block: recommending them again would only repeat it.
  const cart = new Set([...s.cart, ...(s.saved ?? [])]);
  for (const c of scored) {
    if (out.length >= ctx.limit) break;
    const rec = lookup.record(c.id);
    if (!rec || !admissible(rec, s, ctx, cart)) continue;
    const cat = rec.item.categories[0];
    if (cat !== undefined && c.reason.code !== "survey_match" && (perCategory.get(cat) ?? 0) >= LIMITS.perCategory) continue;
    if (c.seed !== null && c.seed !== c.id && (perSeed.get(c.seed) ?? 0) >= LIMITS.perSeed) continue;
    if (cat !== undefined) perCategory.set(cat, (perCategory.get(cat) ?? 0) + 1);
    if (c.seed !== null) perSeed.set(c.seed, (perSeed.get(c.seed) ?? 0) + 1);
    const { productId, title, url, image, price, currency } = rec.item;
    out.push({ productId, title, url, image, price, currency, reason: c.reason });
  }
  return out;
}

function admissible(rec: ProductRecord, s: Shopper, ctx: RecContext, cart: Set<string>): boolean {
  const id = rec.item.productId;
  if (!rec.item.inStock || id === ctx.productId || cart.has(id)) return false;
  if (rec.item.membersOnly && !s.isMember) return false;
  if (s.purchases[id] && (ctx.novelOnly || !isRebuyable(rec.item.replenishDays, rec.rebuy))) return false;
  return true;
}

/** Where records and lists come from: a lookup plus a way to fetch more into it. */
export interface RecSource {
  lookup: RecLookup;
  /** Loads these product records and lists into `lookup` (already loaded ones may be skipped). */
  load(records: string[], lists: string[]): Promise<void> | void;
}

/**
 * The whole request: read seeds and lists, score, read the finalists, pick. At most three
 * rounds of reads, each one bulk read at the edge.
 */
export async function recommend(s: Shopper, ctx: RecContext, src: RecSource): Promise<Recommendation[]> {
  const seeds = seedIds(s, ctx);
  await src.load(seeds, listKeys(s, ctx, src.lookup));
  if (ctx.productId && src.lookup.record(ctx.productId)) {
    const more = listKeys(s, ctx, src.lookup).filter((k) => src.lookup.list(k) === undefined);
    if (more.length) await src.load([], more);
  }
  const scored = rankCandidates(s, ctx, src.lookup);
  const need = scored
    .slice(0, finalistCount(ctx.limit))
    .map((c) => c.id)
    .filter((id) => src.lookup.record(id) === undefined);
  if (need.length) await src.load(need, []);
  return pick(scored, s, ctx, src.lookup);
}
