import { useEffect, useState } from "preact/hooks";
import type { Experience, Locale, SavedProduct } from "../../../../contract/experience";
import type { RevisitError, UiContext } from "../../shared/contract";
import { formatNumber } from "../format";
import { message, type Msg, type Tables } from "../i18n";

/**
 * The shopper's saved-for-later list on this page, shared by every heart and the "Saved for later"
 * block (all in the saved chunk, so one module instance). It starts from the experience the page
 * was drawn with and changes optimistically: a heart fills at once, and is emptied again with a
 * clear message when the API refuses (a full list, a network failure). A newer experience (after
 * `revisit.save()` or any refresh) replaces it, so the server stays the truth.
 */
let list: SavedProduct[] = [];
let from: unknown;
/** The last outcome to tell the shopper about, by product: `ok` lines are polite, others alerts. */
export let note: { id: string; text: string; ok?: boolean } | null = null;
const subs = new Set<() => void>();
/** "Saved for later" blocks drawn on the page now (the UI draws one only for a list with items). */
export const shown = { blocks: 0 };
const emit = () => subs.forEach((f) => f());

const en = {
  title: "Saved for later",
  save: "Save {name} for later",
  saved: "{name} saved",
  removed: "{name} removed",
  remove: "Remove",
  remove_name: "Remove {name}",
  back: "Back in stock",
  drop: "Price dropped from {was} to {now}",
  out: "Out of stock",
  empty: "Nothing saved for now.",
  full: "Your saved list is full ({n}). Remove something to save this.",
  fail_save: "We couldn't save {name}. Please try again.",
  fail_remove: "We couldn't remove {name}. Please try again.",
} satisfies Record<string, Msg>;
type Key = keyof typeof en;
const tables: Tables<Key> = {
  en,
  ar: {
    title: "محفوظ لوقت لاحق",
    save: "احفظ {name} لوقت لاحق",
    saved: "تم حفظ {name}",
    removed: "تمت إزالة {name}",
    remove: "إزالة",
    remove_name: "إزالة {name}",
    back: "عاد إلى المخزون",
    drop: "انخفض السعر من {was} إلى {now}",
    out: "غير متوفر حاليًا",
    empty: "لا شيء محفوظ حاليًا.",
    full: "قائمتك المحفوظة ممتلئة ({n}). احذف منتجًا لتحفظ هذا.",
    fail_save: "تعذّر حفظ {name}. يُرجى المحاولة مرة أخرى.",
    fail_remove: "تعذّرت إزالة {name}. يُرجى المحاولة مرة أخرى.",
  },
  fa: {
    title: "ذخیره برای بعد",
    save: "ذخیرهٔ {name} برای بعد",
    saved: "{name} ذخیره شد",
    removed: "{name} حذف شد",
    remove: "حذف",
    remove_name: "حذف {name}",
    back: "دوباره موجود شد",
    drop: "قیمت از {was} به {now} کاهش یافت",
    out: "ناموجود",
    empty: "فعلاً چیزی ذخیره نشده است.",
    full: "فهرست ذخیره‌های شما پر است ({n}). برای ذخیرهٔ این مورد، یکی را حذف کنید.",
    fail_save: "ذخیرهٔ {name} انجام نشد. لطفاً دوباره تلاش کنید.",
    fail_remove: "حذف {name} انجام نشد. لطفاً دوباره تلاش کنید.",
  },
};

/** One of the wishlist messages in locale `l` (en, ar and fa all ship in the saved chunk: it is small). */
export const st = (l: Locale, key: Key, vars?: Record<string, string>) => message(tables, l, key, vars);

/** The list as the page knows it now, after (re)starting from `exp` when it is a newer experience. */
export function savedOf(exp: Experience): SavedProduct[] {
  if (exp.saved !== from) {
    from = exp.saved;
    list = exp.saved?.items.slice() || [];
    note = null;
  }
  return list;
}

/** Re-renders the calling component whenever the list or the note changes. */
export function useSaved(exp: Experience): SavedProduct[] {
  const [, tick] = useState(0);
  useEffect(() => {
    const f = () => tick((n) => n + 1);
    subs.add(f);
    return () => void subs.delete(f);
  }, []);
  return savedOf(exp);
}

/**
 * Saves (`on`) or removes `p` at once on the page, then asks the API; on failure the change is
 * undone and the note says why (a full list names its limit). Resolves true when the API took it.
 */
export async function toggle(ctx: UiContext, l: Locale, exp: Experience, p: SavedProduct, on: boolean): Promise<boolean> {
  const id = p.productId;
  const name = { name: p.title };
  const without = () => list.filter((i) => i.productId !== id);
  const before = list.find((i) => i.productId === id);
  list = on ? [p, ...without()] : without();
  note = null;
  emit();
  try {
    await ctx.api(on ? "/v1/saved" : `/v1/saved/${encodeURIComponent(id)}`, on ? { productId: id } : null);
    note = { id, text: st(l, on ? "saved" : "removed", name), ok: true };
    // A page whose saved placeholder was empty when drawn shows the list once the experience has it.
    if (!shown.blocks && document.querySelector('[data-revisit="saved"]')) void ctx.refresh();
    return true;
  } catch (x) {
    const e = x as RevisitError;
    // Undo only this product's change: another heart may have changed the list meanwhile.
    list = on ? without() : before ? [before, ...without()].sort((a, b) => (a.savedAt < b.savedAt ? 1 : -1)) : list;
    const limit = formatNumber(l, Number(e.details?.limit ?? exp.saved?.limit ?? 100));
    note = { id, text: e.status === 409 && on ? st(l, "full", { n: limit }) : st(l, on ? "fail_save" : "fail_remove", name) };
    ctx.fail(e);
    return false;
  } finally {
    emit();
  }
}
