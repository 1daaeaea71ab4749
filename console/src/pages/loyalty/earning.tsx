import { Field } from "../../field";
import { usePageMessages } from "../../i18n/i18n";
import { ACTIONS, type Action } from "../../../../worker/features/loyalty/program";
import { NumField, type SectionProps } from "./fields";
import { messages } from "./messages";

/** The actions a shop rewards outside orders; the two referral ones have their own section. */
const OWN_ACTIONS = ACTIONS.filter((a) => a !== "referral" && a !== "referral_friend");

type Limit = { perDay: number | null; lifetime: number | null };

/** Sets an action's points (empty removes it: no points) in the draft. */
function setPoints(change: SectionProps["change"], action: Action, n: number | null) {
  change((c) => {
    const actions = { ...c.loyalty.actions };
    if (n === null) delete actions[action];
    else actions[action] = n;
    return { ...c, loyalty: { ...c.loyalty, actions } };
  });
}

/** Sets one of an action's caps; an action with neither cap left loses its entry. */
function setLimit(change: SectionProps["change"], action: Action, key: keyof Limit, n: number | null) {
  change((c) => {
    const limits = { ...c.loyalty.actionLimits };
    const next: Limit = { perDay: null, lifetime: null, ...limits[action], [key]: n };
    if (next.perDay === null && next.lifetime === null) delete limits[action];
    else limits[action] = next;
    return { ...c, loyalty: { ...c.loyalty, actionLimits: limits } };
  });
}

/** One action: its points, and its caps behind a disclosure (open when a cap is set or wrong). */
function ActionRow(props: SectionProps & { action: Action }) {
  const m = usePageMessages(messages).earning;
  const { action, draft, change, error } = props;
  const limit = draft.loyalty.actionLimits[action];
  const perDayError = error(`loyalty.actionLimits.${action}.perDay`);
  const lifetimeError = error(`loyalty.actionLimits.${action}.lifetime`);
  const open = !!limit || !!perDayError || !!lifetimeError;
  return (
    <li>
      <div class="editor">
        <NumField
          id={`action-${action}-points`}
          label={m.actions[action]}
          hint={m.pointsHint}
          error={error(`loyalty.actions.${action}`)}
          value={draft.loyalty.actions[action]}
          onValue={(n) => setPoints(change, action, n)}
        />
      </div>
      <details open={open}>
        <summary>{m.limits}</summary>
        <div class="editor">
          <NumField id={`action-${action}-per-day`} label={m.perDay} hint={m.limitHint} error={perDayError} value={limit?.perDay} onValue={(n) => setLimit(change, action, "perDay", n)} />
          <NumField id={`action-${action}-lifetime`} label={m.lifetime} hint={m.limitHint} error={lifetimeError} value={limit?.lifetime} onValue={(n) => setLimit(change, action, "lifetime", n)} />
        </div>
      </details>
    </li>
  );
}

/**
 * Points for actions (an account, a first order, a review, a birthday, a survey), each with
 * optional caps per day and in all: the shop reports the action, the program decides the points.
 */
export function Earning(props: SectionProps) {
  const m = usePageMessages(messages).earning;
  return (
    <section class="card" id="loyalty-earning" aria-labelledby="loyalty-earning-title">
      <h2 id="loyalty-earning-title">{m.title}</h2>
      <p class="muted">{m.intro}</p>
      <ul class="rows actions">
        {OWN_ACTIONS.map((a) => (
          <ActionRow key={a} {...props} action={a} />
        ))}
      </ul>
    </section>
  );
}

/**
 * Referrals: points for the customer who shared their link and for the friend, a cap on friends
 * rewarded per customer, and the link customers share (`{code}` becomes theirs).
 */
export function Referrals(props: SectionProps) {
  const m = usePageMessages(messages).referrals;
  const { draft, change, error } = props;
  const actions = draft.loyalty.actions;
  const off = actions.referral === undefined && actions.referral_friend === undefined;
  const link = draft.referralUrlTemplate ?? "";
  const noCode = link !== "" && !link.includes("{code}");
  return (
    <section class="card" id="loyalty-referrals" aria-labelledby="loyalty-referrals-title">
      <h2 id="loyalty-referrals-title">{m.title}</h2>
      <p class="muted">{m.intro}</p>
      {off && <p class="notice">{m.off}</p>}
      <div class="editor">
        <NumField id="referral-points" label={m.referrer} error={error("loyalty.actions.referral")} value={actions.referral} onValue={(n) => setPoints(change, "referral", n)} />
        <NumField
          id="referral-friend-points"
          label={m.friend}
          error={error("loyalty.actions.referral_friend")}
          value={actions.referral_friend}
          onValue={(n) => setPoints(change, "referral_friend", n)}
        />
        <NumField
          id="referral-most"
          label={m.most}
          hint={m.mostHint}
          error={error("loyalty.actionLimits.referral.lifetime")}
          value={draft.loyalty.actionLimits.referral?.lifetime}
          onValue={(n) => setLimit(change, "referral", "lifetime", n)}
        />
        <div class="wide">
          <Field
            id="referral-link"
            label={m.link}
            hint={m.linkHint}
            error={error("referralUrlTemplate") ?? (noCode ? m.linkNoCode : undefined)}
            type="url"
            dir="ltr"
            placeholder="https://shop.example/?rv_ref={code}"
            value={link}
            onInput={(e) => {
              const v = e.currentTarget.value;
              change((c) => ({ ...c, referralUrlTemplate: v.trim() === "" ? null : v }));
            }}
          />
        </div>
      </div>
    </section>
  );
}
