import { useEffect, useState } from "preact/hooks";
import { useCanEdit } from "../../app";
import { ApiFailure } from "../../api";
import { errorMessage } from "../../errors";
import { useI18n, usePageMessages } from "../../i18n/i18n";
import { hrefOf, linkClick } from "../../router";
import { type CustomerView, exportCustomer, getCustomer, type LedgerLine, type RefundLine, type ShopBasics, shopBasics } from "./api";
import { DataActions } from "./data-actions";
import { messages } from "./messages";
import { PointsCard } from "./points";
import { OffersCard, OrdersCard, ProfileCard, SegmentsCard, SurveysCard } from "./sections";

/** What the page loaded: the profile, and the ledger and refunds from the export (null when that part failed). */
interface Loaded {
  view: CustomerView;
  ledger: LedgerLine[] | null;
  refunds: RefundLine[];
}

const newestFirst = (lines: LedgerLine[]) => [...lines].sort((a, b) => b.at - a.at || b.source.localeCompare(a.source));

/**
 * One customer: who they are, their visits and orders (with refunds), their points and tier with
 * the ledger and its reasons, segments, survey answers, offers and codes. Owners and editors can
 * adjust points, export the customer's data and erase them; viewers only read. A customer id that
 * the shop does not know gets a plain "not found" with a way back.
 */
export function CustomerPage(props: { id: string }) {
  const page = usePageMessages(messages);
  const { t } = useI18n();
  const canEdit = useCanEdit();
  const [data, setData] = useState<Loaded | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  const [shop, setShop] = useState<ShopBasics | null>(null);

  useEffect(() => {
    let live = true;
    setError(null);
    // The export is the only place the ledger's reasons are: read both, and show the profile even if the export fails.
    Promise.all([getCustomer(props.id), exportCustomer(props.id).catch(() => null)])
      .then(([view, exported]) => {
        if (!live) return;
        setData({ view, ledger: exported ? newestFirst(exported.ledger ?? []) : null, refunds: exported?.refunds ?? [] });
      })
      .catch((e) => live && setError(e));
    shopBasics()
      .then((s) => live && setShop(s))
      .catch(() => {});
    return () => {
      live = false;
    };
  }, [props.id, attempt]);

  const back = (
    <a class="back-link" href={hrefOf("/customers")} onClick={linkClick("/customers")}>
      {page.back}
    </a>
  );

  if (error instanceof ApiFailure && error.status === 404)
    return (
      <section class="page customers" aria-labelledby="customer-title">
        {back}
        <h1 id="customer-title" tabIndex={-1}>
          {page.notFound.title}
        </h1>
        <p class="card" role="alert">
          {page.notFound.text(props.id)}
        </p>
      </section>
    );

  const v = data?.view;
  const name = v ? v.traits.firstName || v.traits.email || v.customerId : props.id;
  return (
    <section class="page customers customer" aria-labelledby="customer-title" aria-busy={!data && !error}>
      {back}
      <div class="page-head">
        <div>
          <h1 id="customer-title" tabIndex={-1}>
            <bdi>{name}</bdi>
          </h1>
          <p class="muted customer-id">
            {page.idLabel} <bdi dir="ltr">{props.id}</bdi>
          </p>
        </div>
        {v && canEdit && <DataActions id={props.id} />}
      </div>
      {error ? (
        <div class="card" role="alert">
          <p class="form-error">{errorMessage(t, error)}</p>
          <button type="button" class="button secondary" onClick={() => setAttempt((n) => n + 1)}>
            {t.forms.retry}
          </button>
        </div>
      ) : !data || !v ? (
        <p class="muted" role="status">
          {t.loading}
        </p>
      ) : (
        <div class="customer-grid">
          <div class="customer-main">
            <PointsCard
              id={props.id}
              shop={shop}
              loyalty={v.loyalty}
              ledger={data.ledger}
              onAdjusted={(line, balance) =>
                setData(
                  (d) =>
                    d && {
                      ...d,
                      view: { ...d.view, loyalty: { ...d.view.loyalty, points: balance ?? d.view.loyalty.points + line.points } },
                      ledger: d.ledger && (d.ledger.some((l) => l.source === line.source) ? d.ledger : [line, ...d.ledger]),
                    },
                )
              }
            />
          </div>
          <div class="customer-side">
            <ProfileCard view={v} />
            <SegmentsCard stage={v.lifecycleStage} segments={v.segments} shop={shop} />
            <SurveysCard answers={v.surveyAnswers} attributes={v.attributes} />
            <OffersCard offers={v.offers} redeemed={v.loyalty.redeemed} />
          </div>
          <div class="customer-wide">
            <OrdersCard orders={v.orders} refunds={data.refunds} currency={shop?.currency ?? null} />
          </div>
        </div>
      )}
    </section>
  );
}
