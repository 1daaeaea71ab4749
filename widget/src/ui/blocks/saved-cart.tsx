import { formatDate, formatMoney, formatNumber } from "../format";
import { t } from "../i18n";
import { safeUrl, type BlockProps } from "./props";

/**
 * Whether this device's live cart (the last `revisit.cart()` snapshot, `revisit:c`) already holds
 * every saved line: then the block would only repeat the shop's own cart. A device that never told
 * us its cart (another phone, after logging in) does not hold it.
 */
export function holdsAll(saved: { productId: string; quantity: number }[], live: unknown): boolean {
  if (!Array.isArray(live)) return false;
  return saved.every((s) => live.some((i) => i && i.productId === s.productId && i.quantity >= s.quantity));
}

/** The live cart this device last reported, or null (no storage, nothing reported, corrupt). */
const liveCart = (): unknown => {
  try {
    return JSON.parse(localStorage.getItem("revisit:c") || "null");
  } catch {
    return null;
  }
};

/**
 * The cart the shopper left (on any device once identified), with a restore link; nothing when
 * this device's live cart already holds it (e.g. on the shop's own cart page).
 */
export function SavedCart({ exp, l }: BlockProps) {
  const c = exp.savedCart;
  if (!c?.items?.length || holdsAll(c.items, liveCart())) return null;
  const restore = safeUrl(c.restoreUrl);
  const date = formatDate(l, c.updatedAt);
  return (
    <section class="box" data-testid="revisit-saved-cart" aria-labelledby="rv-cart">
      <h2 id="rv-cart">{t(l, "cart")}</h2>
      <ul class="items">
        {c.items.map((i) => {
          const img = safeUrl(i.image);
          return (
            <li key={i.productId} class="item" data-testid="revisit-cart-item" data-product-id={i.productId}>
              {img && <img src={img} width={48} height={48} alt={i.title} loading="lazy" decoding="async" />}
              <span class="grow">
                <a href={safeUrl(i.url)}>{i.title}</a>
                <span class="muted blk">{t(l, "qty", { n: formatNumber(l, i.quantity) })}</span>
              </span>
              <span>{formatMoney(l, i.price, i.currency)}</span>
            </li>
          );
        })}
      </ul>
      <div class="sum">
        <span>
          {t(l, "total")} <strong>{formatMoney(l, c.total, c.currency)}</strong>
          {date && <span class="muted"> · {t(l, "saved", { date })}</span>}
        </span>
        {restore && (
          <a class="btn" href={restore}>
            {t(l, "restore")}
          </a>
        )}
      </div>
    </section>
  );
}
