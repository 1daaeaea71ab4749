/**
 * Offline replay of real orders through the engine's own code (worker/features/recommendations):
 * learn on orders before `trainEnd` exactly as the Site and Profile objects do, then ask the
 * engine for each identified customer's top 10 at `trainEnd` and compare with what they bought
 * in [trainEnd, testEnd). Baselines run in the same harness on the same data.
 */
import { emptyProfile, type ProfileState } from "../../worker/features/customers/profile";
import { notePurchases } from "../../worker/features/customers/profile-changes";
import { recommend, referenceTime, shopperOf, ShopModel, type RecLookup } from "../../worker/features/recommendations";

export interface Order {
  id: string;
  customerId: string | null;
  at: number;
  /** Money total of the invoice (every paid line, postage included), what a refund's share is of. */
  total: number;
  items: { productId: string; quantity: number; price: number }[];
}

/** A cancellation invoice's lines that land on one earlier order of the customer, as one refund. */
export interface Refund {
  id: string;
  orderId: string;
  customerId: string;
  at: number;
  amount: number;
  /** Merchandise lines found in the target order (the refunded lines); empty: a money-only refund. */
  items: { productId: string; quantity: number }[];
}

export interface Parsed {
  orders: Order[];
  refunds: Refund[];
  titles: Map<string, string>;
  prices: Map<string, number>;
  skippedLines: Record<string, number>;
}

/** Stock codes that are not merchandise (postage, fees, adjustments) in the Online Retail set. */
const NOT_PRODUCT = /^(POST|DOT|M|D|C2|CRUK|PADS|S|B|BANK CHARGES|AMAZONFEE|gift_.*|TEST.*)$/i;

interface Invoice {
  id: string;
  customerId: string | null;
  at: number;
  lines: { code: string; quantity: number; price: number }[];
}
const money = (n: number) => Math.round(n * 100) / 100;

/**
 * Parses the Online Retail CSV. Orders: paid merchandise lines only (no negative quantities, no
 * fees). Refunds: each cancellation line of an identified customer is matched to their most
 * recent earlier order holding that product (else their latest earlier order), exactly as
 * `npm run replay` sends them (scripts/lib/online-retail.mjs); lines landing on one order make one
 * refund of their summed value, with the matched merchandise lines as its refunded lines.
 */
export function parseOnlineRetail(csv: string): Parsed {
  const invoices = new Map<string, Invoice>();
  const titles = new Map<string, string>();
  const prices = new Map<string, number>();
  const skippedLines: Record<string, number> = {};
  const skip = (why: string) => (skippedLines[why] = (skippedLines[why] ?? 0) + 1);
  const lines = csv.split(/\r?\n/);
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (!line) continue;
    const f = splitCsv(line);
    const [invoice, rawCode, description, qty, date, price, customer] = f as [string, string, string, string, string, string, string];
    const code = rawCode.trim().toUpperCase();
    const at = Date.parse(`${date.replace(" ", "T")}Z`);
    let inv = invoices.get(invoice);
    if (!inv) invoices.set(invoice, (inv = { id: invoice, customerId: customer ? String(Math.round(Number(customer))) : null, at, lines: [] }));
    inv.lines.push({ code, quantity: Number(qty), price: Number(price) });
    if (invoice.startsWith("C")) skip("cancellation");
    else if (!(Number(qty) > 0)) skip("non-positive quantity");
    else if (NOT_PRODUCT.test(code)) skip("not merchandise (postage, fees)");
    if (description) titles.set(code, description.trim());
    if (Number(price) > 0 && !invoice.startsWith("C")) prices.set(code, Number(price));
  }
  const orders: Order[] = [];
  const refunds: Refund[] = [];
  /** Each customer's paid invoices so far, as the replay matches cancellations against them. */
  const past = new Map<string, { id: string; at: number; codes: Set<string> }[]>();
  const sorted = [...invoices.values()].sort((a, b) => a.at - b.at || a.id.localeCompare(b.id));
  for (const inv of sorted) {
    if (!inv.id.startsWith("C")) {
      const paid = inv.lines.filter((l) => l.quantity > 0 && l.price >= 0 && l.code);
      const items = inv.lines.filter((l) => l.quantity > 0 && !NOT_PRODUCT.test(l.code)).map((l) => ({ productId: l.code, quantity: l.quantity, price: l.price }));
      const total = money(paid.reduce((sum, l) => sum + l.quantity * l.price, 0));
      if (items.length) orders.push({ id: inv.id, customerId: inv.customerId, at: inv.at, total, items });
      if (inv.customerId && paid.length) {
        const mine = past.get(inv.customerId) ?? [];
        mine.push({ id: inv.id, at: inv.at, codes: new Set(paid.map((l) => l.code)) });
        past.set(inv.customerId, mine);
      }
      continue;
    }
    if (!inv.customerId) continue;
    const earlier = (past.get(inv.customerId) ?? []).filter((o) => o.at <= inv.at);
    const byOrder = new Map<string, Refund>();
    for (const l of inv.lines) {
      if (l.quantity >= 0 || l.price < 0) continue;
      const target = [...earlier].reverse().find((o) => o.codes.has(l.code)) ?? earlier.at(-1);
      if (!target) continue;
      let r = byOrder.get(target.id);
      if (!r) byOrder.set(target.id, (r = { id: `${inv.id}-${target.id}`, orderId: target.id, customerId: inv.customerId, at: inv.at, amount: 0, items: [] }));
      r.amount = money(r.amount + -l.quantity * l.price);
      if (target.codes.has(l.code) && !NOT_PRODUCT.test(l.code)) r.items.push({ productId: l.code, quantity: -l.quantity });
    }
    for (const r of byOrder.values()) if (r.amount > 0) refunds.push(r);
  }
  orders.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1));
  return { orders, refunds, titles, prices, skippedLines };
}

function splitCsv(line: string): string[] {
  if (!line.includes('"')) return line.split(",");
  const out: string[] = [];
  let cur = "";
  let q = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (q) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') q = false;
      else cur += ch;
    } else if (ch === '"') q = true;
    else if (ch === ",") {
      out.push(cur);
      cur = "";
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

export interface Metrics {
  hr: number;
  recall: number;
  ndcg: number;
  /** Customers the metric averages over. */
  n: number;
}
export interface MethodResult {
  overall: Metrics;
  /**
   * Only the items each customer had never bought before (customers with at least one such item),
   * scored on each method's list with the customer's past purchases left out.
   */
  newItems: Metrics;
}
export interface ReplayResult {
  trainOrders: number;
  /** Refunds dated before `trainEnd` taken back from the training orders (0 with `refunds: false`). */
  trainRefunds: number;
  testCustomers: number;
  coldCustomers: number;
  catalog: number;
  methods: Record<string, MethodResult>;
}

export interface ReplayOptions {
  trainEnd: number;
  testEnd: number;
  k?: number;
  /** Train on orders net of the refunds dated before `trainEnd` (default true), as the Site object does. */
  refunds?: boolean;
}

/** Replays and scores the engine and the baselines on one split. */
export async function replay(parsed: Parsed, opt: ReplayOptions): Promise<ReplayResult> {
  return (await replaySplits(parsed, [opt], opt))[0] as ReplayResult;
}

/**
 * Replays once for several splits: learning is incremental, so the model trained up to the
 * earliest cutoff is scored, then learns on to the next cutoff (the same state a separate replay
 * would reach, refunds included, since orders and refunds are applied in time order either way).
 */
export async function replaySplits(parsed: Parsed, splits: { trainEnd: number; testEnd: number }[], opt: { k?: number; refunds?: boolean } = {}): Promise<ReplayResult[]> {
  const k = opt.k ?? 10;
  const model = new ShopModel();
  const profiles = new Map<string, ProfileState>();
  const orderCounts = new Map<string, number>();
  let trainOrders = 0;
  let trainRefunds = 0;
  const refunds = opt.refunds === false ? [] : parsed.refunds;
  let next = 0;
  /** Refunds happen in time order with the orders: every refund dated before `at`. */
  const refundUntil = (at: number) => {
    for (; next < refunds.length && (refunds[next] as Refund).at < at; next++) {
      const r = refunds[next] as Refund;
      const take = model.refund(r.customerId, r.orderId, r.id, { amount: r.amount, items: r.items.length ? r.items : undefined });
      if (!take) continue;
      trainRefunds++;
      for (const [id, share] of take.popularity) orderCounts.set(id, (orderCounts.get(id) ?? 0) - share);
    }
  };
  let o = 0;
  const results = new Map<number, ReplayResult>();
  for (const [index, split] of [...splits.entries()].sort((a, b) => a[1].trainEnd - b[1].trainEnd)) {
    for (; o < parsed.orders.length && (parsed.orders[o] as Order).at < split.trainEnd; o++) {
      const order = parsed.orders[o] as Order;
      refundUntil(order.at);
      trainOrders++;
      for (const i of order.items) {
        if (!model.catalog.has(i.productId)) {
          const title = parsed.titles.get(i.productId) ?? i.productId;
          model.catalog.set(i.productId, {
            productId: i.productId,
            title,
            url: `https://shop.example/p/${i.productId}`,
            image: null,
            price: parsed.prices.get(i.productId) ?? 0,
            currency: "GBP",
            categories: [],
            tags: [],
            inStock: true,
            membersOnly: false,
            replenishDays: null,
          });
        }
      }
      // The Site object's learning…
      model.addOrder(order.customerId, order.items, order.at, { id: order.id, total: order.total });
      for (const id of new Set(order.items.map((i) => i.productId))) orderCounts.set(id, (orderCounts.get(id) ?? 0) + 1);
      // …and the Profile object's (ProfileObject.recordOrder; its refunds change points, not purchases).
      if (order.customerId) {
        const p = profiles.get(order.customerId) ?? emptyProfile("customer", "bench", order.customerId, order.at);
        p.orders += 1;
        p.lastOrderAt = Math.max(p.lastOrderAt ?? 0, order.at);
        p.purchased = [...new Set([...order.items.map((i) => i.productId), ...p.purchased])].slice(0, 500);
        notePurchases(p, order.items, order.at);
        profiles.set(order.customerId, p);
      }
    }
    refundUntil(split.trainEnd);
    const scored = await score(parsed, { model, profiles, orderCounts }, split, k);
    results.set(index, { trainOrders, trainRefunds, ...scored });
  }
  return splits.map((_, i) => results.get(i) as ReplayResult);
}

/** Scores the engine and the baselines on what each identified customer bought in [trainEnd, testEnd). */
async function score(
  parsed: Parsed,
  { model, profiles, orderCounts }: { model: ShopModel; profiles: Map<string, ProfileState>; orderCounts: Map<string, number> },
  opt: { trainEnd: number; testEnd: number },
  k: number,
): Promise<Omit<ReplayResult, "trainOrders" | "trainRefunds">> {
  // What each identified customer bought in the test window.
  const truth = new Map<string, Set<string>>();
  for (const o of parsed.orders) {
    if (o.at < opt.trainEnd || o.at >= opt.testEnd || !o.customerId) continue;
    const s = truth.get(o.customerId) ?? new Set<string>();
    for (const i of o.items) s.add(i.productId);
    truth.set(o.customerId, s);
  }

  const popularAll = [...orderCounts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map((x) => x[0]);
  const popularRecent = model.topList();
  const lookup: RecLookup = model.lookup();
  /**
   * Each method gives a top-k list; with `novel` it ranks only products the customer never bought
   * (the list the new-items metrics score: every method gets the same "exclude owned" rule).
   */
  const notOwned = (list: string[], p: ProfileState | undefined) => list.filter((id) => !p?.purchases[id]);
  const methods: Record<string, (cust: string, p: ProfileState | undefined, novel: boolean) => Promise<string[]> | string[]> = {
    "popular (all-time)": (_c, p, novel) => (novel ? notOwned(popularAll, p) : popularAll).slice(0, k),
    "popular (recent)": (_c, p, novel) => (novel ? notOwned(popularRecent, p) : popularRecent).slice(0, k),
    "buy again": (_c, p, novel) => {
      const mine = Object.entries(p?.purchases ?? {})
        .sort((a, b) => b[1].orders - a[1].orders || b[1].lastAt - a[1].lastAt || (a[0] < b[0] ? -1 : 1))
        .map((x) => x[0]);
      const list = [...new Set([...mine, ...popularAll])];
      return (novel ? notOwned(list, p) : list).slice(0, k);
    },
    revisit: async (c, p, novel) => {
      const profile = p ?? emptyProfile("customer", "bench", c, opt.trainEnd);
      const ref = referenceTime(opt.trainEnd, model.latestOrderAt, profile.lastOrderAt);
      const ctx = { placement: "home" as const, productId: null, ref, limit: k, novelOnly: novel, categoryName: (x: string) => x };
      const recs = await recommend(shopperOf(profile, [], true), ctx, { lookup, load: () => undefined });
      return recs.map((r) => r.productId);
    },
  };

  const result: Omit<ReplayResult, "trainOrders" | "trainRefunds"> = { testCustomers: truth.size, coldCustomers: 0, catalog: model.catalog.size, methods: {} };
  for (const c of truth.keys()) if (!profiles.has(c)) result.coldCustomers++;
  for (const [name, f] of Object.entries(methods)) {
    const all = new Acc();
    const fresh = new Acc();
    for (const [c, bought] of truth) {
      const p = profiles.get(c);
      all.add(await f(c, p, false), bought, k);
      const novel = new Set([...bought].filter((id) => !p?.purchases[id]));
      if (novel.size) fresh.add(await f(c, p, true), novel, k);
    }
    result.methods[name] = { overall: all.metrics(), newItems: fresh.metrics() };
  }
  return result;
}

class Acc {
  private hr = 0;
  private recall = 0;
  private ndcg = 0;
  private n = 0;
  add(list: string[], relevant: Set<string>, k: number) {
    let hits = 0;
    let dcg = 0;
    list.slice(0, k).forEach((id, i) => {
      if (relevant.has(id)) {
        hits++;
        dcg += 1 / Math.log2(i + 2);
      }
    });
    let idcg = 0;
    for (let i = 0; i < Math.min(k, relevant.size); i++) idcg += 1 / Math.log2(i + 2);
    this.n++;
    this.hr += hits > 0 ? 1 : 0;
    this.recall += hits / relevant.size;
    this.ndcg += idcg ? dcg / idcg : 0;
  }
  metrics(): Metrics {
    const d = Math.max(1, this.n);
    return { hr: this.hr / d, recall: this.recall / d, ndcg: this.ndcg / d, n: this.n };
  }
}

/** The result as a Markdown table (fractions as percentages with two decimals). */
export function toMarkdown(r: ReplayResult): string {
  const pct = (x: number) => (x * 100).toFixed(2);
  const rows = Object.entries(r.methods).map(
    ([name, m]) => `| ${name} | ${pct(m.overall.hr)} | ${pct(m.overall.recall)} | ${pct(m.overall.ndcg)} | ${pct(m.newItems.hr)} | ${pct(m.newItems.recall)} | ${pct(m.newItems.ndcg)} |`,
  );
  return ["| method | HR@10 | Recall@10 | NDCG@10 | new: HR@10 | new: Recall@10 | new: NDCG@10 |", "| --- | ---: | ---: | ---: | ---: | ---: | ---: |", ...rows].join("\n");
}
