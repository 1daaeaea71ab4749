import { useI18n, usePageMessages } from "../../i18n/i18n";
import type { CustomerView, RefundLine, ShopBasics } from "./api";
import { messages } from "./messages";

/** Who the customer is (the traits the shop or the widget gave), and when and how often they came. */
export function ProfileCard(props: { view: CustomerView }) {
  const page = usePageMessages(messages);
  const { f } = useI18n();
  const p = page.profile;
  const v = props.view;
  const tr = v.traits;
  const consent = tr.marketingConsent === true ? p.yes : tr.marketingConsent === false ? p.no : p.unknown;
  const day = (iso: string | null) => (iso ? <time dateTime={iso}>{f.day(iso)}</time> : p.unknown);
  return (
    <section class="card" aria-labelledby="profile-title">
      <h2 id="profile-title">{p.title}</h2>
      <dl class="pairs">
        <dt>{p.firstName}</dt>
        <dd>
          <bdi>{tr.firstName || p.unknown}</bdi>
        </dd>
        <dt>{p.email}</dt>
        <dd>{tr.email ? <bdi dir="ltr">{tr.email}</bdi> : p.unknown}</dd>
        <dt>{p.birthday}</dt>
        <dd>{tr.birthday ? <time dateTime={tr.birthday}>{f.date(tr.birthday)}</time> : p.unknown}</dd>
        <dt>{p.language}</dt>
        <dd>{tr.locale ? (page.languages[tr.locale] ?? tr.locale) : p.unknown}</dd>
        <dt>{p.marketing}</dt>
        <dd>{consent}</dd>
        <dt>{p.visits}</dt>
        <dd data-figure="visits">{f.number(v.visits)}</dd>
        <dt>{p.firstSeen}</dt>
        <dd>{day(v.firstSeen)}</dd>
        <dt>{p.lastSeen}</dt>
        <dd>{day(v.lastSeen)}</dd>
      </dl>
    </section>
  );
}

/** The customer's orders, newest first, each with what was refunded of it and when. */
export function OrdersCard(props: { orders: CustomerView["orders"]; refunds: RefundLine[]; currency: string | null }) {
  const page = usePageMessages(messages);
  const { f } = useI18n();
  const o = page.orders;
  const { orders } = props;
  const money = (n: number, currency: string) => f.money(n, currency);
  return (
    <section class="card" aria-labelledby="orders-title">
      <h2 id="orders-title">{o.title}</h2>
      <p class="muted">{o.summary(f.number(orders.count), money(orders.spend, props.currency ?? orders.recent[0]?.currency ?? "USD"))}</p>
      {orders.recent.length === 0 ? (
        <p class="muted">{o.empty}</p>
      ) : (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling table must be reachable by keyboard to scroll it sideways (axe scrollable-region-focusable)
        <section class="table-wrap" tabIndex={0} aria-labelledby="orders-title">
          <table class="data orders stack" aria-labelledby="orders-title">
            <thead>
              <tr>
                <th scope="col">{o.order}</th>
                <th scope="col">{o.date}</th>
                <th scope="col">{o.status}</th>
                <th scope="col" class="num">
                  {o.total}
                </th>
                <th scope="col">{o.refunds}</th>
                <th scope="col" class="num">
                  {o.points}
                </th>
              </tr>
            </thead>
            <tbody>
              {orders.recent.map((r) => {
                const refunds = props.refunds.filter((x) => x.order_id === r.id);
                return (
                  <tr key={r.id}>
                    <td class="order-id">
                      <bdi dir="ltr">{r.id}</bdi>
                    </td>
                    <td class="date" data-label={o.date}>
                      {r.createdAt ? <time dateTime={r.createdAt}>{f.day(r.createdAt)}</time> : ""}
                    </td>
                    <td data-label={o.status}>{o.statuses[r.status] ?? r.status}</td>
                    <td class="num" data-label={o.total}>
                      {money(r.total, r.currency)}
                    </td>
                    <td data-label={o.refunds}>
                      {refunds.length > 0 ? (
                        <ul class="plain">
                          {refunds.map((x) => (
                            <li key={x.id}>{o.refundLine(money(x.amount, r.currency), f.day(x.at))}</li>
                          ))}
                        </ul>
                      ) : r.refunded > 0 ? (
                        money(r.refunded, r.currency)
                      ) : (
                        page.none
                      )}
                    </td>
                    <td class="num" data-label={o.points}>
                      {f.number(r.points)}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
      )}
    </section>
  );
}

/** The segments the customer is in: lifecycle stage, RFM group and the shop's own rule segments, by name. */
export function SegmentsCard(props: { stage: string | null; segments: string[]; shop: ShopBasics | null }) {
  const page = usePageMessages(messages);
  const s = page.segments;
  // Stage and RFM names are the console's words; the shop's own segment names may be in any language.
  const name = (id: string) => {
    if (page.stages[id]) return s.stage(page.stages[id] ?? id);
    if (id.startsWith("rfm-")) {
      const group = id.slice(4).replaceAll("-", "_");
      return s.rfm(page.rfm[group] ?? group);
    }
    return <bdi>{props.shop?.segments[id] ?? id}</bdi>;
  };
  return (
    <section class="card" aria-labelledby="segments-title">
      <h2 id="segments-title">{s.title}</h2>
      {props.segments.length === 0 ? (
        <p class="muted">{s.empty}</p>
      ) : (
        <ul class="chips">
          {props.segments.map((id) => (
            <li key={id}>{name(id)}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** What the customer told the shop in surveys (newest first), and the traits their answers map to. */
export function SurveysCard(props: { answers: CustomerView["surveyAnswers"]; attributes: Record<string, string> }) {
  const page = usePageMessages(messages);
  const { f } = useI18n();
  const s = page.surveys;
  const answers = [...props.answers].sort((a, b) => (b.at ?? "").localeCompare(a.at ?? ""));
  const attributes = Object.entries(props.attributes);
  return (
    <section class="card" aria-labelledby="surveys-title">
      <h2 id="surveys-title">{s.title}</h2>
      {answers.length === 0 ? (
        <p class="muted">{s.empty}</p>
      ) : (
        <ul class="answers">
          {answers.map((a) => (
            <li key={a.key}>
              <p class="question">
                <bdi dir="ltr">{a.key}</bdi>
                {a.at && (
                  <time class="muted small" dateTime={a.at}>
                    {f.day(a.at)}
                  </time>
                )}
              </p>
              {a.score !== null && <p>{s.score(f.number(a.score))}</p>}
              {a.answers.length > 0 && (
                <p>
                  {s.chose} <bdi dir="ltr">{a.answers.join(", ")}</bdi>
                </p>
              )}
              {a.text && (
                <blockquote>
                  <bdi>{a.text}</bdi>
                </blockquote>
              )}
            </li>
          ))}
        </ul>
      )}
      {attributes.length > 0 && (
        <>
          <h3>{s.attributes}</h3>
          <dl class="pairs">
            {attributes.map(([k, val]) => [
              <dt key={`${k}-k`}>
                <bdi dir="ltr">{k}</bdi>
              </dt>,
              <dd key={`${k}-v`}>
                <bdi>{val}</bdi>
              </dd>,
            ])}
          </dl>
        </>
      )}
    </section>
  );
}

/** The offer codes issued to the customer and the rewards they redeemed with points, newest first. */
export function OffersCard(props: { offers: CustomerView["offers"]; redeemed: CustomerView["loyalty"]["redeemed"] }) {
  const page = usePageMessages(messages);
  const { f } = useI18n();
  const o = page.offers;
  const day = (iso: string) => <time dateTime={iso}>{f.day(iso)}</time>;
  return (
    <section class="card" aria-labelledby="offers-title">
      <h2 id="offers-title">{o.title}</h2>
      {props.offers.length === 0 && props.redeemed.length === 0 ? (
        <p class="muted">{o.empty}</p>
      ) : (
        <ul class="codes">
          {props.offers.map((x) => (
            <li key={`${x.offerId}-${x.occasion}`}>
              <span class="what">
                <bdi dir="ltr">{x.offerId}</bdi> <span class="muted small">{o.offer}</span>
              </span>
              <code dir="ltr">{x.code ?? o.noCode}</code>
              <span class="muted small">
                {o.issued} {day(x.issuedAt)}
                {x.expiresAt && (
                  <>
                    {" · "}
                    {o.expires} {day(x.expiresAt)}
                  </>
                )}
              </span>
            </li>
          ))}
          {props.redeemed.map((r) => (
            <li key={r.id}>
              <span class="what">
                <bdi>{r.name}</bdi> <span class="muted small">{o.reward}</span>
              </span>
              <code dir="ltr">{r.code}</code>
              <span class="muted small">
                {o.redeemedOn} {day(r.at)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
