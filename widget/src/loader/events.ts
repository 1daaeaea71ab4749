/**
 * Turns `revisit.track(type, data)` into a wire event, validating it here: the server
 * rejects a whole batch with 400 when one event is malformed, so a bad call from a shop's
 * theme must never reach the queue and take fifty good events down with it.
 */
import { ID_RE } from "./config";

export type EventType = "page_view" | "product_view" | "category_view" | "search" | "cart" | "add_to_cart" | "remove_from_cart" | "rec_impression" | "rec_click";

export interface CartLine {
  productId: string;
  quantity: number;
  price?: number;
}

/** One event as `POST /v1/events` takes it. */
export interface WireEvent {
  id: string;
  type: EventType;
  at: string;
  url?: string;
  productId?: string;
  category?: string;
  query?: string;
  quantity?: number;
  items?: CartLine[];
  productIds?: string[];
  /** Reason codes parallel to `productIds` (rec_impression). */
  reasons?: string[];
  reason?: string;
  placement?: string;
  position?: number;
}

type Data = Record<string, unknown>;

/** Every event type, with the field it cannot do without ("" for none). */
const NEEDS: Record<EventType, keyof WireEvent | ""> = {
  page_view: "",
  product_view: "productId",
  category_view: "category",
  search: "query",
  add_to_cart: "productId",
  remove_from_cart: "productId",
  cart: "items",
  rec_impression: "productIds",
  rec_click: "productId",
};

const text = (v: unknown, max: number) => (typeof v === "string" && v.trim() ? v.trim().slice(0, max) : undefined);
/** Quantities the API accepts: whole numbers 1..999. */
const qty = (v: unknown) => (typeof v === "number" && Number.isInteger(v) && v >= 1 && v <= 999 ? v : undefined);
/** A reason code as the API takes it (`reason.code` of a recommendation). */
const code = (v: unknown) => (typeof v === "string" && /^[a-z][a-z0-9_]{0,31}$/.test(v) ? v : undefined);
const pid = (v: unknown) => {
  const s = typeof v === "number" ? String(v) : text(v, 128);
  return s && ID_RE.test(s) ? s : undefined;
};

/**
 * Normalises a cart snapshot; null when any line is unusable (a partial snapshot would be a lie).
 * Lines with quantity 0 are removed items and are left out.
 */
export function cartLines(items: unknown): CartLine[] | null {
  if (!Array.isArray(items) || items.length > 100) return null;
  const out: CartLine[] = [];
  for (const x of items as Data[]) {
    const it = x || {};
    const productId = pid(it.productId);
    if (it.quantity === 0) continue;
    const quantity = qty(it.quantity);
    if (!productId || quantity === undefined) return null;
    const line: CartLine = { productId, quantity };
    if (typeof it.price === "number" && it.price >= 0 && it.price <= 1e9) line.price = it.price;
    out.push(line);
  }
  return out;
}

/**
 * Builds a validated event, or null when the type is unknown or a required field is missing.
 * `id` and `now` are injected so tests are deterministic.
 */
export function buildEvent(type: unknown, data: Data | undefined, id: string, now: number): WireEvent | null {
  // Only our own string values: inherited members such as `toString` are functions.
  if (typeof NEEDS[type as EventType] !== "string") return null;
  const d = data || {};
  const ev: WireEvent = { id, type: type as EventType, at: new Date(now).toISOString() };
  const fields = {
    url: text(d.url, 2048),
    productId: pid(d.productId),
    category: pid(d.category),
    query: text(d.query, 200),
    quantity: qty(d.quantity),
    items: type === "cart" ? cartLines(d.items) || undefined : undefined,
    productIds: Array.isArray(d.productIds) && d.productIds.length && d.productIds.length <= 24 && d.productIds.every(pid) ? d.productIds.map(pid) : undefined,
    // One per product or none: a list of another length would get the whole batch refused.
    reasons: Array.isArray(d.reasons) && Array.isArray(d.productIds) && d.reasons.length === d.productIds.length && d.reasons.every(code) ? d.reasons : undefined,
    reason: code(d.reason),
    placement: d.placement === "home" || d.placement === "product" || d.placement === "cart" ? d.placement : undefined,
    position: Number.isInteger(d.position) && (d.position as number) >= 0 && (d.position as number) < 24 ? d.position : undefined,
  };
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) (ev as unknown as Data)[k] = v;
  const need = NEEDS[ev.type];
  return need && ev[need] === undefined ? null : ev;
}
