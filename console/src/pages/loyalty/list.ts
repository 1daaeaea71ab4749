import type { Config } from "../../config/site-config";
import { focusAfterMove, moveItem, referenceFor, type SectionProps, useRowKeys } from "./fields";

type Lists = Pick<Config["loyalty"], "tiers" | "rewards" | "punchCards">;
type ListKey = keyof Lists;

/**
 * Editing one of the program's lists (tiers, rewards, punch cards) in the draft: add, remove,
 * move, change one item, with stable row keys and focus kept on the moved item. New items get a
 * placeholder reference, replaced by one made from their English name (see `settle`).
 */
export function useLoyaltyList<K extends ListKey>(props: SectionProps & { saved: Config }, key: K, prefix: string) {
  type Item = Lists[K][number];
  const list = props.draft.loyalty[key] as Item[];
  const rows = useRowKeys(list.length);
  const savedIds = new Set((props.saved.loyalty[key] as Item[]).map((i) => i.id));
  const set = (edit: (items: Item[]) => Item[]) => props.change((c) => ({ ...c, loyalty: { ...c.loyalty, [key]: edit(c.loyalty[key] as Item[]) } }));

  return {
    list,
    keys: rows.keys,
    add(item: Item) {
      rows.added();
      set((items) => [...items, item]);
      requestAnimationFrame(() => document.getElementById(`${prefix}-${list.length}-name-en`)?.focus());
    },
    remove(i: number) {
      rows.removed(i);
      set((items) => items.filter((_, j) => j !== i));
      requestAnimationFrame(() => document.getElementById(`${prefix}-add`)?.focus());
    },
    move(from: number, to: number) {
      rows.moved(from, to);
      set((items) => moveItem(items, from, to));
      focusAfterMove(prefix, to, to < from);
    },
    update(i: number, patch: Partial<Item>) {
      set((items) => items.map((it, j) => (j === i ? { ...it, ...patch } : it)));
    },
    /** A placeholder reference for a new item ("tier-4"), until its name gives it a better one. */
    placeholder(fallback: string): string {
      const taken = new Set(list.map((it) => it.id));
      for (let n = list.length + 1; ; n++) if (!taken.has(`${fallback}-${n}`)) return `${fallback}-${n}`;
    },
    /**
     * When a new item's English name is first left, its placeholder reference becomes one made
     * from the name ("Gold" → "gold"); a reference that was saved or typed is never changed.
     */
    settle(i: number, fallback: string) {
      set((items) => {
        const it = items[i];
        if (!it || savedIds.has(it.id) || !new RegExp(`^${fallback}-\\d+$`).test(it.id) || !it.name.en.trim()) return items;
        const taken = new Set(items.filter((_, j) => j !== i).map((o) => o.id));
        return items.map((o, j) => (j === i ? { ...o, id: referenceFor(it.name.en, taken, fallback) } : o));
      });
    },
  };
}

/** References used more than once in a list, by the index of each later use (the field to fix). */
export function duplicateIds(items: readonly { id: string }[]): Set<number> {
  const seen = new Set<string>();
  const out = new Set<number>();
  items.forEach((it, i) => {
    if (seen.has(it.id)) out.add(i);
    seen.add(it.id);
  });
  return out;
}
