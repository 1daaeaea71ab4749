import { useI18n } from "../i18n/i18n";
import type { Figures, LoyaltyInsights } from "./overview-data";

/** One headline figure: a term and its value, as a description list item. */
function Figure(props: { label: string; value: string; testId?: string }) {
  return (
    <div class="kpi" data-figure={props.testId}>
      <dt>{props.label}</dt>
      <dd>{props.value}</dd>
    </div>
  );
}

/** The range's totals a shop owner looks at first: who ordered, how much, and whether they came back. */
export function Kpis(props: { total: Figures; currency: string }) {
  const { t, f } = useI18n();
  const x = props.total;
  const rate = (v: number | null) => (v === null ? t.overview.none : f.percent(v));
  return (
    <section aria-labelledby="kpi-title">
      <h2 id="kpi-title" class="visually-hidden">
        {t.overview.kpis}
      </h2>
      <dl class="kpis">
        <Figure testId="revenue" label={t.overview.revenue} value={f.money(x.revenue, props.currency)} />
        <Figure testId="orders" label={t.overview.orders} value={f.number(x.orders)} />
        <Figure testId="customers" label={t.overview.customersWithOrder} value={f.number(x.customersWithOrder)} />
        <Figure testId="new" label={t.overview.newCustomers} value={f.number(x.newCustomers)} />
        <Figure testId="returning" label={t.overview.returningCustomers} value={f.number(x.returningCustomers)} />
        <Figure testId="repeat-rate" label={t.overview.repeatRate} value={rate(x.repeatPurchaseRate)} />
        <Figure testId="median-days" label={t.overview.medianDays} value={x.medianDaysToSecondOrder === null ? t.overview.none : t.overview.days(f.number(x.medianDaysToSecondOrder))} />
        <Figure testId="visits" label={t.overview.visits} value={f.number(x.visits)} />
      </dl>
    </section>
  );
}

/** What the loyalty program owes (points outstanding and their money value) and how it is used. */
export function LoyaltyCard(props: { data: LoyaltyInsights }) {
  const { t, f } = useI18n();
  const d = props.data;
  return (
    <section class="card" aria-labelledby="loyalty-title">
      <h2 id="loyalty-title">{t.overview.loyaltyTitle}</h2>
      <dl class="kpis compact">
        <Figure testId="liability" label={t.overview.liability} value={d.liability === null ? t.overview.liabilityUnknown : f.money(d.liability, d.currency)} />
        <Figure testId="outstanding" label={t.overview.outstanding} value={f.number(d.points.outstanding)} />
        <Figure label={t.overview.issued} value={f.number(d.points.issued)} />
        <Figure label={t.overview.redeemed} value={f.number(d.points.redeemed)} />
        <Figure label={t.overview.redemptionRate} value={d.redemptionRate === null ? t.overview.none : f.percent(d.redemptionRate)} />
      </dl>
    </section>
  );
}

/** A shop with no data in the range: the three things that make figures appear, in order. */
export function EmptyShop() {
  const { t } = useI18n();
  const tag = `<script src="${location.origin}/widget.js" data-site="pk_…" async></script>`;
  return (
    <section class="card empty" aria-labelledby="empty-title">
      <h2 id="empty-title">{t.overview.emptyTitle}</h2>
      <p>{t.overview.emptyIntro}</p>
      <ol>
        <li>
          {t.overview.emptyScript}
          <pre dir="ltr">
            <code>{tag}</code>
          </pre>
        </li>
        <li>
          {t.overview.emptyCatalog} <code dir="ltr">npm run import</code> <code dir="ltr">PUT /v1/catalog/products</code>
        </li>
        <li>
          {t.overview.emptyShopify} <code dir="ltr">POST /v1/orders</code>
        </li>
      </ol>
    </section>
  );
}
