import { formatMoney } from "../format";
import { reasonText, t } from "../i18n";
import { safeUrl, type BlockProps } from "./props";

/**
 * Product cards with the reason each was picked. Impression and click events belong here
 * (an IntersectionObserver on the list, an onClick on each link) once `/v1/events` accepts
 * `rec_impression` / `rec_click`; the API takes only the browsing event types today.
 */
export function Recommendations({ exp, l }: BlockProps) {
  const recs = exp.recommendations || [];
  if (!recs.length) return null;
  return (
    <section aria-labelledby="rv-recs">
      <h2 id="rv-recs">{t(l, "recs")}</h2>
      <ul class="row">
        {recs.map((r) => {
          const img = safeUrl(r.image);
          return (
            <li key={r.productId} class="card" data-testid="revisit-rec" data-product-id={r.productId}>
              <a href={safeUrl(r.url)}>
                {img ? (
                  <img src={img} width={160} height={160} alt={r.title} loading="lazy" decoding="async" />
                ) : (
                  <span class="noimg" aria-hidden="true" />
                )}
                <span class="ttl">{r.title}</span>
                <span class="pr">{formatMoney(l, r.price, r.currency)}</span>
              </a>
              <span class="why">{reasonText(l, r.reason)}</span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
