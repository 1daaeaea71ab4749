import type { Placement } from "../../../contract/experience";
import { LIMITS, type CartLine, type ProfileState } from "./profile";
import { clickOf, keepClicks } from "../insights/rec-attribution";

/** A browser event after validation, as the profile applies it. */
export type ShopperEvent =
  | { type: "page_view"; url?: string | undefined }
  | { type: "product_view"; productId: string }
  | { type: "category_view"; category: string }
  | { type: "search"; query: string }
  | { type: "cart"; items: CartLine[] }
  | { type: "add_to_cart"; productId: string; quantity: number }
  | { type: "remove_from_cart"; productId: string; quantity?: number | undefined }
  | { type: "rec_impression"; productIds: string[]; reasons?: string[] | undefined; placement?: Placement | undefined }
  | { type: "rec_click"; productId: string; placement?: Placement | undefined; position?: number | undefined; reason?: string | undefined };

/**
 * Applies one browser event to a profile (in place). Browser events only shape what this shopper
 * sees: views, interests and the saved cart; never points or money (SECURITY.md).
 */
export function applyEvent(p: ProfileState, e: ShopperEvent, at: number): void {
  p.eventCounts[e.type] = (p.eventCounts[e.type] ?? 0) + 1;
  switch (e.type) {
    case "product_view":
      p.recentlyViewed = [e.productId, ...p.recentlyViewed.filter((id) => id !== e.productId)].slice(0, LIMITS.recentlyViewed);
      return;
    case "category_view":
      p.categoryViews = bump(p.categoryViews, e.category, 1);
      return;
    case "cart":
      p.cart = { items: normaliseCart(e.items), updatedAt: at };
      return;
    case "add_to_cart": {
      const items = p.cart?.items ?? [];
      const line = items.find((i) => i.productId === e.productId);
      const next = line ? items.map((i) => (i === line ? { ...i, quantity: Math.min(999, i.quantity + e.quantity) } : i)) : [...items, { productId: e.productId, quantity: e.quantity }];
      p.cart = { items: normaliseCart(next), updatedAt: at };
      return;
    }
    case "rec_impression":
      // Counted per product shown (eventCounts above counts the event), for click-through rates.
      p.eventCounts.rec_shown = (p.eventCounts.rec_shown ?? 0) + e.productIds.length;
      return;
    case "rec_click":
      // A click is interest too: the product joins recently viewed like a product view would.
      p.recentlyViewed = [e.productId, ...p.recentlyViewed.filter((id) => id !== e.productId)].slice(0, LIMITS.recentlyViewed);
      // Remembered so a later add to cart or order can be attributed to it (insights/rec-attribution.ts).
      p.recClicks = keepClicks([clickOf(e, at), ...(p.recClicks ?? [])]);
      return;
    case "remove_from_cart": {
      const items = (p.cart?.items ?? []).map((i) => (i.productId === e.productId ? { ...i, quantity: e.quantity ? i.quantity - e.quantity : 0 } : i)).filter((i) => i.quantity > 0);
      p.cart = { items, updatedAt: at };
      return;
    }
    default:
      return;
  }
}

/**
 * Remembers what an order bought (bounded: the least recently bought products make room),
 * and which products the latest order held, for buy-again and cross-sell.
 */
export function notePurchases(p: ProfileState, items: { productId: string; quantity: number }[], at: number): void {
  p.purchases ??= {};
  for (const i of items) {
    const seen = p.purchases[i.productId];
    p.purchases[i.productId] = { orders: (seen?.orders ?? 0) + 1, units: (seen?.units ?? 0) + i.quantity, lastAt: Math.max(seen?.lastAt ?? 0, at) };
  }
  const ids = Object.keys(p.purchases);
  if (ids.length > LIMITS.purchased) {
    ids.sort((a, b) => (p.purchases[a]?.lastAt ?? 0) - (p.purchases[b]?.lastAt ?? 0));
    for (const id of ids.slice(0, ids.length - LIMITS.purchased)) delete p.purchases[id];
  }
  if (at >= (p.lastOrderAt ?? 0)) p.lastOrderItems = items.map((i) => i.productId).slice(0, 50);
}

/**
 * Takes a fully refunded (or cancelled) order back out of what the shopper owns: buy-again,
 * owned-durable filters and cross-sell then stop treating its products as bought. The recent
 * `lastAt` stays an upper bound (the time of another order of the product is not kept).
 */
export function forgetPurchases(p: ProfileState, items: { productId: string; quantity: number }[], at: number): void {
  for (const i of items) {
    const seen = p.purchases?.[i.productId];
    if (!seen) continue;
    if (seen.orders <= 1) delete p.purchases[i.productId];
    else p.purchases[i.productId] = { ...seen, orders: seen.orders - 1, units: Math.max(0, seen.units - i.quantity) };
  }
  const owned = new Set(Object.keys(p.purchases ?? {}));
  const refunded = new Set(items.map((i) => i.productId));
  p.purchased = p.purchased.filter((id) => !refunded.has(id) || owned.has(id));
  if (at >= (p.lastOrderAt ?? 0)) p.lastOrderItems = p.lastOrderItems.filter((id) => !refunded.has(id));
}

/** Category interest learnt from product views, given the viewed product's categories. */
export function noteCategories(p: ProfileState, categories: string[]): void {
  for (const c of categories) p.categoryViews = bump(p.categoryViews, c, 1);
}

/**
 * Folds an anonymous profile into a customer's (on identify). Nothing is lost: visits and counts
 * add up, recently viewed interleave newest first, answers keep the newer of two, and the carts
 * are united (the larger quantity of each product, the later change time), and recommendation
 * clicks join the customer's (newest first, bounded).
 */
export function mergeInto(target: ProfileState, from: ProfileState): void {
  target.visits += Math.max(0, from.visits - from.handedOverVisits);
  target.lastSeen = Math.max(target.lastSeen, from.lastSeen);
  target.previousVisitAt = maxOrNull(target.previousVisitAt, from.previousVisitAt);
  target.recentlyViewed = [...new Set([...from.recentlyViewed, ...target.recentlyViewed])].slice(0, LIMITS.recentlyViewed);
  for (const [k, v] of Object.entries(from.categoryViews)) target.categoryViews = bump(target.categoryViews, k, v);
  for (const [k, v] of Object.entries(from.eventCounts)) target.eventCounts[k] = (target.eventCounts[k] ?? 0) + v;
  for (const [k, a] of Object.entries(from.answers)) {
    const mine = target.answers[k];
    if (!mine || mine.at < a.at) target.answers[k] = a;
  }
  for (const [k, v] of Object.entries(from.traits) as [keyof ProfileState["traits"], never][]) {
    if (target.traits[k] === null && v !== null) target.traits[k] = v;
  }
  target.cart = unionCarts(target.cart, from.cart);
  // The visitor's recommendation clicks earn the customer's later add-to-carts and orders.
  if (from.recClicks?.length) target.recClicks = keepClicks([...from.recClicks, ...(target.recClicks ?? [])]);
  if (!target.referredBy && from.referredBy && target.orders === 0) target.referredBy = from.referredBy;
}

function unionCarts(a: ProfileState["cart"], b: ProfileState["cart"]): ProfileState["cart"] {
  if (!a || a.items.length === 0) return b?.items.length ? b : (a ?? b);
  if (!b || b.items.length === 0) return a;
  const byId = new Map<string, CartLine>();
  for (const line of [...a.items, ...b.items]) {
    const seen = byId.get(line.productId);
    byId.set(line.productId, seen && seen.quantity >= line.quantity ? seen : line);
  }
  return { items: [...byId.values()], updatedAt: Math.max(a.updatedAt, b.updatedAt) };
}

/** One line per product, positive quantities, bounded. */
function normaliseCart(items: CartLine[]): CartLine[] {
  const byId = new Map<string, CartLine>();
  for (const i of items) {
    const seen = byId.get(i.productId);
    byId.set(i.productId, seen ? { ...seen, quantity: Math.min(999, seen.quantity + i.quantity) } : { ...i });
  }
  return [...byId.values()].filter((i) => i.quantity > 0).slice(0, 100);
}

function bump(map: Record<string, number>, key: string, by: number): Record<string, number> {
  const next = { ...map, [key]: (map[key] ?? 0) + by };
  const keys = Object.keys(next);
  if (keys.length <= LIMITS.categories) return next;
  // Keep the strongest interests; the weakest one makes room.
  const weakest = keys.reduce((w, k) => ((next[k] ?? 0) < (next[w] ?? 0) ? k : w));
  delete next[weakest];
  return next;
}

const maxOrNull = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));
