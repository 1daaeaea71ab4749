/**
 * Co-purchase neighbours, learnt incrementally from trusted orders. Each order adds weight to
 * pairs of products: the products in the order with each other, and with the customer's most
 * recent earlier purchases (what a shopper buys after what they bought). Lists are ranked by a
 * cosine-like similarity and cut to a fixed length, so the edge reads a bounded value per product.
 *
 * The Site object applies `learnOrder` to SQLite rows; `NeighbourModel` applies it to Maps for the
 * benchmark and tests. Both rank with `rankNeighbours`.
 */
import type { Neighbour } from "./types";

export const LEARN = {
  /** Products of one order that take part in pairs (a 500-line wholesale order must stay cheap). */
  maxItems: 40,
  /** Earlier purchases of the customer paired with each new order. */
  window: 20,
  /** Weight of a pair across two orders of the same customer, relative to one within an order. */
  crossWeight: 0.5,
  /** Neighbours kept per product. */
  keep: 30,
  /** Pair rows kept per product: past `pairCap`, the weakest are pruned down to `pairKeep`. */
  pairCap: 400,
  pairKeep: 200,
  /** Pair weight at which a similarity is trusted at half strength (shrinks rare co-occurrences). */
  shrink: 2,
};

/** One of the customer's earlier purchases, as the Site object and the profile remember it. */
export interface PriorPurchase {
  productId: string;
  orders: number;
  lastAt: number;
}

export interface OrderLearning {
  /** Pair weights to add, both directions listed. */
  pairs: [a: string, b: string, w: number][];
  /** Products counted once each for this order (the similarity's norms). */
  items: string[];
  /** The customer's earlier purchases the order was paired with (kept so a refund can take the pairs back). */
  prior: string[];
}

/**
 * What one order teaches. `items` are the order's product ids (duplicates ignored); `history` the
 * customer's earlier purchases (empty for guest orders), any order.
 */
export function learnOrder(items: string[], history: PriorPurchase[]): OrderLearning {
  const ids = [...new Set(items)].slice(0, LEARN.maxItems);
  const inOrder = new Set(ids);
  const prior = history
    .filter((h) => !inOrder.has(h.productId))
    .sort((x, y) => y.lastAt - x.lastAt || (x.productId < y.productId ? -1 : 1))
    .slice(0, LEARN.window)
    .map((h) => h.productId);
  return { pairs: orderPairs(ids, prior), items: ids, prior };
}

/**
 * The pair weights of one order: its products with each other, and with the customer's earlier
 * purchases (`prior`). `kept(id)` is how much of a product's line still counts (1 when learnt;
 * lower after a refund): a pair within the order counts as its weaker side, a pair with an earlier
 * purchase as the order's side. Always the same pairs in the same order, so two calls can be
 * subtracted pair by pair.
 */
export function orderPairs(ids: string[], prior: string[], kept: (id: string) => number = () => 1): OrderLearning["pairs"] {
  const pairs: OrderLearning["pairs"] = [];
  const w = 1 / Math.log2(2 + ids.length);
  for (let i = 0; i < ids.length; i++) {
    for (let j = i + 1; j < ids.length; j++) {
      const a = ids[i] as string;
      const b = ids[j] as string;
      const k = w * Math.min(kept(a), kept(b));
      pairs.push([a, b, k], [b, a, k]);
    }
  }
  const wx = LEARN.crossWeight / Math.log2(2 + ids.length);
  for (const a of ids) for (const h of prior) pairs.push([a, h, wx * kept(a)], [h, a, wx * kept(a)]);
  return pairs;
}

/** Weights and counts at or below this are zero (what is left of a refunded order after float rounding). */
export const NEGLIGIBLE = 1e-6;

/**
 * Ranks one product's pair weights into its neighbour list: w / sqrt(n_a · n_b), shrunk for pairs
 * seen rarely, best first, at most `LEARN.keep`, scores to 3 significant digits so stored values stay small.
 */
export function rankNeighbours(nA: number, rows: Iterable<{ b: string; w: number; nB: number }>): Neighbour[] {
  const out: Neighbour[] = [];
  for (const r of rows) {
    if (r.nB <= 0 || nA <= 0) continue;
    const s = (r.w / Math.sqrt(nA * r.nB)) * (r.w / (r.w + LEARN.shrink));
    if (s > 0) out.push([r.b, s]);
  }
  out.sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1));
  return out.slice(0, LEARN.keep).map(([id, s]) => [id, Number(s.toPrecision(3))]);
}

/** In-memory learner with the Site object's semantics (for the benchmark and tests). */
export class NeighbourModel {
  readonly pairs = new Map<string, Map<string, number>>();
  readonly counts = new Map<string, number>();

  apply(l: OrderLearning): void {
    const touched = new Set<string>();
    for (const [a, b, w] of l.pairs) {
      let m = this.pairs.get(a);
      if (!m) this.pairs.set(a, (m = new Map()));
      m.set(b, (m.get(b) ?? 0) + w);
      touched.add(a);
    }
    for (const id of l.items) this.counts.set(id, (this.counts.get(id) ?? 0) + 1);
    for (const a of touched) {
      const m = this.pairs.get(a) as Map<string, number>;
      if (m.size > LEARN.pairCap) {
        const keep = [...m].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1)).slice(0, LEARN.pairKeep);
        this.pairs.set(a, new Map(keep));
      }
    }
  }

  /** Takes pair weights and counts back (a refund); rows that reach zero are dropped, pruned rows stay gone. */
  unapply(pairs: [a: string, b: string, w: number][], counts: [id: string, n: number][]): void {
    for (const [a, b, w] of pairs) {
      const m = this.pairs.get(a);
      const old = m?.get(b);
      if (!m || old === undefined) continue;
      if (old - w <= NEGLIGIBLE) m.delete(b);
      else m.set(b, old - w);
    }
    for (const [id, n] of counts) {
      const left = (this.counts.get(id) ?? 0) - n;
      if (left <= NEGLIGIBLE) this.counts.delete(id);
      else this.counts.set(id, left);
    }
  }

  neighbours(id: string): Neighbour[] {
    const m = this.pairs.get(id);
    if (!m) return [];
    const rows = [...m].map(([b, w]) => ({ b, w, nB: this.counts.get(b) ?? 0 }));
    return rankNeighbours(this.counts.get(id) ?? 0, rows);
  }
}
