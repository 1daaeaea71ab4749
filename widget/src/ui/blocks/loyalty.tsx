import { useEffect, useRef, useState } from "preact/hooks";
import type { RevisitError } from "../../shared/contract";
import { formatDate, formatMoney, formatNumber } from "../format";
import { redeemErrorText, xt as t } from "../extras-i18n";
import { idempotencyKey, percent, sameKeyOnRetry, stampRow } from "../rewards";
import { CopyField } from "./copy-field";
import type { BlockProps } from "./props";
import { Referral } from "./referral";

/**
 * The loyalty block's own layout: the next reward under the balance in a large type, the confirm
 * question in a tinted box, Cancel as a quiet button, and the details disclosure.
 */
export const loyaltyCss =
  ".goal{font-size:1.1em;font-weight:600}.ask{margin:8px 0 0;border:0;min-width:0;padding:10px;border-radius:8px;background:#0000000d}" +
  ".ask .btn{margin-block-start:8px;margin-inline-end:8px}.ask .alt{background:0;color:inherit;border:1px solid #0005}.more summary{cursor:pointer;font-weight:600}";

/**
 * The shopper's points, most important first: the balance (big) and the next reward ("Ready now"
 * or how many points to go), then the rewards to redeem: Redeem asks "Spend 100 points for $5
 * off?" (Confirm / Cancel, focus moved to Confirm, Escape cancels) before anything is spent; the
 * code is revealed in place and the experience re-fetched so the balance updates. The details
 * (benefits, tier progress, punch cards, codes already redeemed) follow in a disclosure, closed when
 * long; then the referral link unless the page has its own `referral` placeholder.
 */
export function Loyalty({ exp, l, ctx, referralHost }: BlockProps) {
  const y = exp.loyalty;
  const [busy, setBusy] = useState("");
  const [got, setGot] = useState<{ id: string; code: string } | null>(null);
  const [err, setErr] = useState<{ id: string; msg: string } | null>(null);
  const [live, setLive] = useState("");
  /** The reward whose "Spend … for …?" question is open (nothing is spent before Confirm). */
  const [ask, setAsk] = useState("");
  const box = useRef<HTMLElement>(null);
  const focus = (sel: string) => setTimeout(() => box.current?.querySelector<HTMLElement>(sel)?.focus(), 0);
  const keys = useRef<Record<string, string>>({});
  const codeField = useRef<HTMLInputElement>(null);
  useEffect(() => codeField.current?.focus(), [got]);
  if (!y) return null;
  const n = (x: number) => formatNumber(l, x);
  /** "120 points", or a message around it ("+120 points pending"): the plural lives in `points` only. */
  const pts = (key: "points" | "pending" | "owed" | "need" | "expiry", x: number, date = "") => {
    const p = t(l, "points", { n: n(x) }, x);
    return key === "points" ? p : t(l, key, { p, date });
  };
  const next = y.nextTier;
  const pct = percent(y.progress);
  const toNext = next
    ? y.basis === "spend"
      ? t(l, "to_spend", { amount: formatMoney(l, y.toNextTier, exp.currency), tier: next.name })
      : t(l, "to_points", { n: n(y.toNextTier), tier: next.name }, y.toNextTier)
    : "";
  const b = y.benefits;
  const perks = [b.freeShipping && t(l, "free_ship"), b.earlyAccess && t(l, "early"), b.multiplier > 1 && t(l, "mult", { x: n(b.multiplier) })].filter(Boolean);
  const expiry = y.nextExpiry && formatDate(l, y.nextExpiry.at);
  const held = y.tierHeldUntil && formatDate(l, y.tierHeldUntil);

  async function redeem(id: string) {
    setAsk("");
    if (busy) return;
    const key = (keys.current[id] ||= idempotencyKey()); // the same key when retrying the same click
    setBusy(id);
    setErr(null);
    setLive("");
    try {
      const r = (await ctx.api(`/v1/loyalty/rewards/${encodeURIComponent(id)}/redeem`, {}, { "Idempotency-Key": key })) as { code: string };
      delete keys.current[id];
      setGot({ id, code: r.code });
      setLive(t(l, "redeemed", { code: r.code }));
      await ctx.refresh();
    } catch (x) {
      const e = x as RevisitError;
      if (!sameKeyOnRetry(e)) delete keys.current[id];
      setErr({ id, msg: redeemErrorText(l, e.code, e.status === 404 ? "reward_unavailable" : e.details?.reason) }); // 404: the shop removed it
      ctx.fail(e);
      if (e.status === 409) void ctx.refresh(); // the balance the button was based on was stale
    }
    setBusy("");
  }
  /** Closes the question without spending anything, back on the reward's Redeem button. */
  const cancel = (id: string) => {
    setAsk("");
    focus(`[data-reward-id="${id}"] .rdm`);
  };
  const rw = y.rewards;
  // The next reward: the first one affordable now, else the one needing the fewest points.
  const goal = rw.find((r) => r.affordable) || rw.filter((r) => r.cost > y.points).sort((a, b) => a.cost - b.cost)[0];
  const more = y.punchCards.length + y.redeemed.length > 2;

  return (
    <section class="box loy" data-testid="revisit-loyalty" aria-labelledby="rv-loy" ref={box}>
      <h2 id="rv-loy">
        {t(l, "rewards")}
        {y.tier && (
          <span class="badge" data-testid="revisit-tier">
            {y.tier.name}
          </span>
        )}
      </h2>
      <p class="m0">
        <strong class="big" data-testid="revisit-points" data-points={y.points}>
          {pts("points", y.points)}
        </strong>
        {y.pending > 0 && <span class="muted"> {pts("pending", y.pending)}</span>}
      </p>
      {goal && (
        <p class="m0 goal" data-testid="revisit-next-reward">
          {goal.affordable ? t(l, "ready", { name: goal.name }) : t(l, "next_rw", { p: pts("points", goal.cost - y.points), name: goal.name })}
        </p>
      )}
      {y.owed > 0 && <p class="m0 warn">{pts("owed", y.owed)}</p>}
      {y.nextExpiry && expiry && <p class="muted m0">{pts("expiry", y.nextExpiry.points, expiry)}</p>}
      {rw.length > 0 && (
        <>
          <h3>{t(l, "spend")}</h3>
          <ul class="list">
            {rw.map((r) => (
              <li key={r.id} class="rwd" data-testid="revisit-reward" data-reward-id={r.id}>
                <div class="sum">
                  <span>
                    <span class="blk">{r.name}</span>
                    <span class="muted">
                      {pts("points", r.cost)}
                      {!r.affordable && r.cost > y.points && <> · {pts("need", r.cost - y.points)}</>}
                    </span>
                  </span>
                  {ask !== r.id && (
                    <button
                      class="btn sm rdm"
                      type="button"
                      disabled={!r.affordable}
                      aria-disabled={busy ? true : undefined}
                      aria-busy={busy === r.id || undefined}
                      onClick={() => {
                        if (busy) return;
                        setErr(null);
                        setAsk(r.id);
                        focus(".ask .btn");
                      }}
                    >
                      {t(l, "redeem")}
                    </button>
                  )}
                </div>
                {ask === r.id && (
                  <fieldset
                    class="ask"
                    aria-labelledby={`rv-ask-${r.id}`}
                    data-testid="revisit-redeem-confirm"
                    onKeyDown={(e) => {
                      if (e.key === "Escape") {
                        e.stopPropagation();
                        cancel(r.id);
                      }
                    }}
                  >
                    <p class="m0" id={`rv-ask-${r.id}`}>
                      {t(l, "confirm", { p: pts("points", r.cost), name: r.name })}
                    </p>
                    <button class="btn sm" type="button" data-testid="revisit-redeem-yes" onClick={() => redeem(r.id)}>
                      {t(l, "yes")}
                    </button>
                    <button class="btn sm alt" type="button" data-testid="revisit-redeem-no" onClick={() => cancel(r.id)}>
                      {t(l, "no")}
                    </button>
                  </fieldset>
                )}
                {err?.id === r.id && (
                  <p class="err m0" role="alert">
                    {err.msg}
                  </p>
                )}
                {got?.id === r.id && <CopyField l={l} label={t(l, "code")} value={got.code} testid="revisit-code" field={codeField} />}
              </li>
            ))}
          </ul>
        </>
      )}
      <details class="more" open={!more} data-testid="revisit-loyalty-details">
        <summary>{t(l, "details")}</summary>
        {perks.length > 0 && (
          <ul class="perks" aria-label={t(l, "perks")}>
            {perks.map((p) => (
              <li key={p as string}>{p}</li>
            ))}
          </ul>
        )}
        {held && <p class="muted m0">{t(l, "held", { date: held })}</p>}
        {next ? (
          <>
            <div class="bar" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} aria-valuetext={toNext} aria-label={t(l, "progress", { tier: next.name })}>
              <span style={{ width: `${pct}%` }} />
            </div>
            <p class="muted m0">{toNext}</p>
          </>
        ) : (
          <p class="muted m0">{t(l, "top")}</p>
        )}
        {y.punchCards.length > 0 && (
          <ul class="list">
            {y.punchCards.map((c) => (
              <li key={c.id} class="punch" data-testid="revisit-punch-card" data-stamps={c.stamps}>
                <span class="blk">{c.name}</span>
                <span class="stamps" aria-hidden="true">
                  {stampRow(c.stamps, c.required).map((on, i) => (
                    <i key={i} class={on ? "on" : ""} />
                  ))}
                </span>
                <span class="muted">{t(l, "stamps", { n: n(Math.min(c.stamps, c.required)), m: n(c.required) })}</span>
              </li>
            ))}
          </ul>
        )}
        {y.redeemed.length > 0 && (
          <>
            <h3>{t(l, "codes")}</h3>
            <ul class="list" data-testid="revisit-codes">
              {y.redeemed.slice(0, 5).map((r) => (
                <li key={r.id}>
                  {r.name}: <code dir="ltr">{r.code}</code> <span class="muted">{formatDate(l, r.at)}</span>
                </li>
              ))}
            </ul>
          </>
        )}
      </details>
      <p class="sr" role="status">
        {live}
      </p>
      {!referralHost && <Referral exp={exp} l={l} ctx={ctx} x={null} inner />}
    </section>
  );
}
