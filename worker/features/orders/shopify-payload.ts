import { z } from "@hono/zod-openapi";

/**
 * Reading Shopify webhook bodies. Shopify retries every delivery that does not get a 2xx and drops
 * subscriptions that keep failing, which would stop points for every order; so once a body's HMAC
 * verifies, nothing here throws: a payload is either usable (odd but harmless fields are dropped,
 * with a note) or unusable with a short reason that names fields, never their values.
 */

/**
 * JSON.parse, except integers beyond 2^53 keep their exact digits (as strings). Shopify sends ids
 * as JSON numbers and some exceed Number.MAX_SAFE_INTEGER, where JSON.parse would round
 * 1153106273147239511 to 1153106273147239500 and file the order under the wrong customer. One
 * linear pass over the text (no regex backtracking); strings are skipped whole.
 */
export function parseExactJson(text: string): unknown {
  const parts: string[] = [];
  let last = 0;
  let i = 0;
  while (i < text.length) {
    const ch = text.charCodeAt(i);
    if (ch === 0x22) {
      i++;
      while (i < text.length && text.charCodeAt(i) !== 0x22) i += text.charCodeAt(i) === 0x5c ? 2 : 1;
      i++;
    } else if (ch === 0x2d || (ch >= 0x30 && ch <= 0x39)) {
      const start = i++;
      while (i < text.length && /[0-9.eE+-]/.test(text.charAt(i))) i++;
      const token = text.slice(start, i);
      if (/^\d{16,}$/.test(token) && !Number.isSafeInteger(Number(token))) {
        parts.push(text.slice(last, start), `"${token}"`);
        last = i;
      }
    } else i++;
  }
  return JSON.parse(last === 0 ? text : parts.join("") + text.slice(last));
}

const GID = /^gid:\/\/shopify\/[A-Za-z]+\/(\d{1,30})$/;

/**
 * A Shopify id in any of its spellings, normalised to the decimal digits the REST payloads use:
 * a JSON number, a digit string (exact digits of a large number, see parseExactJson) or a GraphQL
 * global id `gid://shopify/Customer/123`. So `123` and `gid://shopify/Customer/123` are one customer.
 */
export const ShopifyId = z
  .union([
    z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
    z
      .string()
      .trim()
      .regex(/^\d{1,30}$/),
    z.string().trim().regex(GID),
  ])
  .transform((v) => (typeof v === "number" ? String(v) : (GID.exec(v)?.[1] ?? v)).replace(/^0+(?=\d)/, ""));

/** Money as Shopify writes it ("12.50", sometimes a number), in major units, within the order API's bounds. */
const Amount = z
  .union([
    z.number(),
    z
      .string()
      .trim()
      .regex(/^\d{1,12}(?:\.\d{1,6})?$/),
  ])
  .transform(Number)
  .pipe(z.number().finite().min(0).max(1e9));

const Line = z.object({
  product_id: ShopifyId.nullish().catch(null),
  variant_id: ShopifyId.nullish().catch(null),
  quantity: z.number().int().min(1).max(100_000),
  price: Amount.nullish().catch(null),
});

/** `id`, else the GraphQL `admin_graphql_api_id`, of an object. */
const IdOf = z.object({ id: ShopifyId.nullish().catch(null), admin_graphql_api_id: ShopifyId.nullish().catch(null) }).transform((o) => o.id ?? o.admin_graphql_api_id ?? null);

/** The fields of Shopify's `orders/create` / `orders/paid` / `orders/cancelled` payload that Revisit reads. */
const OrderPayload = z.object({
  email: z.string().trim().email().max(254).nullish().catch(null),
  created_at: z.string().datetime({ offset: true }).nullish().catch(null),
  currency: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{3}$/)
    .nullish()
    .catch(null),
  total_price: Amount,
  financial_status: z.string().max(40).nullish().catch(null),
  cancelled_at: z.string().max(64).nullish().catch(null),
  customer: z.unknown().optional(),
  line_items: z.array(z.unknown()).nullish().catch(null),
});

/** A Shopify order as Revisit records it. */
export interface ShopifyOrder {
  id: string;
  /** null: a guest checkout. */
  customerId: string | null;
  email: string | undefined;
  createdAt: string | null;
  /** Upper-cased ISO code; "XXX" (ISO 4217 "no currency") when Shopify sent none usable, which earns nothing. */
  currency: string;
  total: number;
  financialStatus: string;
  cancelled: boolean;
  items: { productId: string; quantity: number; price: number }[];
  /** Dropped or defaulted fields, for the log. */
  notes: string[];
}

export type Read<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Field paths of zod issues, for a log line without the values. */
function where(error: z.ZodError): string {
  return [...new Set(error.issues.map((i) => i.path.map(String).join(".") || "body"))].slice(0, 5).join(", ");
}

/** Reads an order payload; never throws. Lines with unusable quantities are dropped (points come from the total). */
export function readShopifyOrder(json: unknown): Read<ShopifyOrder> {
  if (!json || typeof json !== "object" || Array.isArray(json)) return { ok: false, reason: "body is not a JSON object" };
  const id = IdOf.parse(json);
  if (id === null) return { ok: false, reason: "no usable order id" };
  const parsed = OrderPayload.safeParse(json);
  if (!parsed.success) return { ok: false, reason: `unusable ${where(parsed.error)}` };
  const o = parsed.data;
  const notes: string[] = [];
  let customerId: string | null = null;
  if (o.customer !== null && o.customer !== undefined) {
    const c = typeof o.customer === "object" && !Array.isArray(o.customer) ? IdOf.parse(o.customer) : null;
    if (c === null) return { ok: false, reason: "customer has no usable id" };
    customerId = c;
  }
  const raw = o.line_items ?? [];
  const lines = raw.flatMap((l) => {
    const r = Line.safeParse(l);
    return r.success ? [r.data] : [];
  });
  if (lines.length < raw.length) notes.push(`${raw.length - lines.length} line item(s) without a usable quantity dropped`);
  const items = lines.slice(0, 500).map((l) => ({ productId: l.product_id ?? l.variant_id ?? "unknown", quantity: l.quantity, price: l.price ?? 0 }));
  // The order API needs a line; an order without one still earns on its total.
  if (!items.length) items.push({ productId: "unknown", quantity: 1, price: o.total_price });
  if (!o.currency) notes.push("no usable currency: recorded as XXX");
  return {
    ok: true,
    value: {
      id,
      customerId,
      email: o.email ?? undefined,
      createdAt: o.created_at ?? null,
      currency: o.currency ?? "XXX",
      total: o.total_price,
      financialStatus: o.financial_status ?? "",
      cancelled: !!o.cancelled_at,
      items,
      notes,
    },
  };
}

const Transaction = z.object({ amount: Amount, kind: z.string().max(40), status: z.string().max(40).nullish().catch(null) });
const RefundLine = z.object({ subtotal: Amount });

const RefundPayload = z.object({
  order_id: ShopifyId,
  created_at: z.string().datetime({ offset: true }).nullish().catch(null),
  processed_at: z.string().datetime({ offset: true }).nullish().catch(null),
  transactions: z.array(z.unknown()).nullish().catch(null),
  refund_line_items: z.array(z.unknown()).nullish().catch(null),
});

/** A Shopify refund as Revisit records it: the refunded money (successful refund transactions, else line subtotals). */
export interface ShopifyRefund {
  id: string;
  orderId: string;
  amount: number;
  at: string | null;
}

/** Reads a `refunds/create` payload; never throws. */
export function readShopifyRefund(json: unknown): Read<ShopifyRefund> {
  if (!json || typeof json !== "object" || Array.isArray(json)) return { ok: false, reason: "body is not a JSON object" };
  const id = IdOf.parse(json);
  if (id === null) return { ok: false, reason: "no usable refund id" };
  const parsed = RefundPayload.safeParse(json);
  if (!parsed.success) return { ok: false, reason: `unusable ${where(parsed.error)}` };
  const r = parsed.data;
  const refunds = (r.transactions ?? []).flatMap((t) => {
    const p = Transaction.safeParse(t);
    return p.success && p.data.kind === "refund" && (p.data.status ?? "success") === "success" ? [p.data.amount] : [];
  });
  const lines = (r.refund_line_items ?? []).flatMap((l) => {
    const p = RefundLine.safeParse(l);
    return p.success ? [p.data.subtotal] : [];
  });
  const amount = (refunds.length ? refunds : lines).reduce((s, a) => s + a, 0);
  return { ok: true, value: { id, orderId: r.order_id, amount: Math.round(amount * 1000) / 1000, at: r.processed_at ?? r.created_at ?? null } };
}
