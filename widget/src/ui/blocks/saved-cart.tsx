import { formatDate, formatMoney, formatNumber } from "../format";
import { t } from "../i18n";
import { safeUrl, type BlockProps } from "./props";

/** The cart the shopper left (on any device once identified), with a restore link. */
export function SavedCart({ exp, l }: BlockProps) {
  const c = exp.savedCart;
  if (!c?.items?.length) return null;
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
