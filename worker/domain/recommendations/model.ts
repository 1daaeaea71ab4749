/**
 * The shop's learning state in memory, with exactly the Site object's rules (which keeps the
 * same state in SQLite): neighbours, re-buy intervals, recent popularity. Used by the benchmark
 * replay and tests; `lookup()` serves the engine like the edge's KV records do.
 */
import { learnOrder, NeighbourModel, type PriorPurchase } from "./neighbours";
import { addLog2, popularityTerm, topByScore } from "./popularity";
import { emptyRebuy, noteRebuy, rebuyStats, type RebuyState } from "./rebuy";
import type { CatalogItem, ProductRecord, RecLookup } from "./types";

/** Length of the published popular lists (overall and per facet). */
export const TOP_LIST_SIZE = 50;

export class ShopModel {
  readonly nb = new NeighbourModel();
  readonly rebuy = new Map<string, RebuyState>();
  readonly popularity = new Map<string, number>();
  readonly customers = new Map<string, Map<string, PriorPurchase>>();
  readonly catalog = new Map<string, CatalogItem>();
  latestOrderAt: number | null = null;
  private cache = new Map<string, ProductRecord | null>();

  /** Learns from one trusted paid order (`customerId` null for a guest checkout). */
  addOrder(customerId: string | null, items: { productId: string; quantity: number }[], at: number): void {
    this.cache.clear();
    const ids = [...new Set(items.map((i) => i.productId))];
    const mine = customerId === null ? null : (this.customers.get(customerId) ?? new Map<string, PriorPurchase>());
    if (customerId !== null && mine) this.customers.set(customerId, mine);
    this.nb.apply(learnOrder(ids, mine ? [...mine.values()] : []));
    for (const id of ids) {
      this.popularity.set(id, addLog2(this.popularity.get(id) ?? null, popularityTerm(at)));
      if (!mine) continue;
      const prev = mine.get(id) ?? null;
      this.rebuy.set(id, noteRebuy(this.rebuy.get(id) ?? emptyRebuy(), prev, at));
      mine.set(id, { productId: id, orders: (prev?.orders ?? 0) + 1, lastAt: Math.max(prev?.lastAt ?? 0, at) });
    }
    this.latestOrderAt = Math.max(this.latestOrderAt ?? at, at);
  }

  record(id: string): ProductRecord | null {
    if (this.cache.has(id)) return this.cache.get(id) ?? null;
    const item = this.catalog.get(id);
    const r = this.rebuy.get(id);
    const rec = item ? { item, nb: this.nb.neighbours(id), rebuy: r ? rebuyStats(r) : null } : null;
    this.cache.set(id, rec);
    return rec;
  }

  /** Like the Site object's lists: every in-stock product of the facet, by popularity, never-bought ones last. */
  private facet(test: (p: CatalogItem) => boolean): string[] {
    const rows: [string, number][] = [];
    for (const p of this.catalog.values()) if (p.inStock && test(p)) rows.push([p.productId, this.popularity.get(p.productId) ?? -Number.MAX_VALUE]);
    return topByScore(rows, TOP_LIST_SIZE);
  }

  topList(): string[] {
    return this.facet(() => true);
  }

  lookup(): RecLookup {
    const top = this.topList();
    const facets = new Map<string, string[]>();
    const list = (key: string) => {
      if (key === "top") return top;
      if (!facets.has(key)) {
        const [kind, value] = [key.slice(0, 1), key.slice(2)];
        facets.set(key, this.facet((p) => (kind === "c" ? p.categories : p.tags).includes(value)));
      }
      return facets.get(key);
    };
    return { record: (id) => this.record(id), list };
  }
}
