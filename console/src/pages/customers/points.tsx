import { useCanEdit } from "../../app";
import { useI18n, usePageMessages } from "../../i18n/i18n";
import { AdjustForm } from "./adjust-form";
import { type CustomerView, type LedgerLine, type ShopBasics, tierName } from "./api";
import { messages } from "./messages";

/**
 * The customer's points: what they can spend, pending and owed points, their tier and how far the
 * next one is, then the ledger newest first with the reason of every line. Owners and editors get
 * the adjust form; an adjustment's line joins the top of the ledger without a reload.
 */
export function PointsCard(props: {
  id: string;
  shop: ShopBasics | null;
  loyalty: CustomerView["loyalty"];
  ledger: LedgerLine[] | null;
  onAdjusted: (line: LedgerLine, balance: number | null) => void;
}) {
  const page = usePageMessages(messages);
  const { f, locale } = useI18n();
  const canEdit = useCanEdit();
  const l = props.loyalty;
  const p = page.points;
  const toNext = l.basis === "spend" ? f.money(l.toNextTier, props.shop?.currency ?? "USD") : p.pointsN(f.number(l.toNextTier));
  // The tier's name in the console's language (the profile gives it in the customer's).
  const tierLabel = (tier: { id: string; name: string }) => (props.shop?.tiers[tier.id] ? tierName(props.shop, tier.id, locale) : tier.name);

  return (
    <section class="card points-card" aria-labelledby="points-title">
      <h2 id="points-title">{p.title}</h2>
      <dl class="facts">
        <div data-figure="balance">
          <dt>{p.balance}</dt>
          <dd>{f.number(l.points)}</dd>
        </div>
        {l.pending > 0 && (
          <div>
            <dt>{p.pending}</dt>
            <dd>{f.number(l.pending)}</dd>
          </div>
        )}
        {l.owed > 0 && (
          <div>
            <dt>{p.owed}</dt>
            <dd>{f.number(l.owed)}</dd>
          </div>
        )}
        <div>
          <dt>{p.tier}</dt>
          <dd>
            <bdi>{l.tier ? tierLabel(l.tier) : p.noTier}</bdi>
          </dd>
        </div>
      </dl>
      {l.nextTier ? (
        <div class="tier-progress">
          <label for="tier-progress">{l.basis === "spend" ? p.toNextBySpend(toNext, tierLabel(l.nextTier)) : p.toNext(toNext, tierLabel(l.nextTier))}</label>
          <progress id="tier-progress" max={1} value={l.progress}>
            {f.percent(l.progress, 0)}
          </progress>
        </div>
      ) : (
        l.tier && <p class="muted">{p.topTier}</p>
      )}

      <h3 id="ledger-title">{page.ledger.title}</h3>
      <p class="hint">{page.ledger.intro}</p>
      {props.ledger === null ? (
        <p class="form-error">{page.ledger.failed}</p>
      ) : props.ledger.length === 0 ? (
        <p class="muted ledger-empty">{page.ledger.empty}</p>
      ) : (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling table must be reachable by keyboard to scroll it sideways (axe scrollable-region-focusable)
        <section class="table-wrap" tabIndex={0} aria-labelledby="ledger-title">
          <table class="data ledger stack" aria-labelledby="ledger-title">
            <thead>
              <tr>
                <th scope="col">{page.ledger.when}</th>
                <th scope="col">{page.ledger.kind}</th>
                <th scope="col" class="num">
                  {page.ledger.change}
                </th>
                <th scope="col">{page.ledger.reason}</th>
              </tr>
            </thead>
            <tbody>
              {props.ledger.map((line) => (
                <tr key={line.source} data-source={line.source}>
                  <td class="when" data-label={page.ledger.when}>
                    <time dateTime={new Date(line.at).toISOString()}>{f.dateTime(line.at)}</time>
                  </td>
                  <td class="kind" data-label={page.ledger.kind}>
                    {page.ledger.kinds[line.kind] ?? line.kind}
                  </td>
                  <td class={line.points < 0 ? "num minus" : "num plus"} data-label={page.ledger.change}>
                    <bdi dir="ltr">{signed(f.number, line.points)}</bdi>
                  </td>
                  <td class="reason" data-label={page.ledger.reason}>
                    <bdi>{line.reason}</bdi>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {canEdit && <AdjustForm id={props.id} balance={l.points} onAdjusted={props.onAdjusted} />}
    </section>
  );
}

/** A change in points with its sign always written (+50, −20), in the page's digits. */
export function signed(format: (n: number) => string, n: number): string {
  return n > 0 ? `+${format(n)}` : n < 0 ? `−${format(-n)}` : format(0);
}
