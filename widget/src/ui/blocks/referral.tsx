import { friendsText, xt as t } from "../extras-i18n";
import { safeUrl, type BlockProps } from "./props";
import { CopyField } from "./copy-field";

/**
 * The shopper's referral link with a Copy button and how many friends joined and ordered.
 * Its own block for a `referral` placeholder, or (`inner`) a part of the loyalty block.
 * Nothing when the shopper has no referral code (anonymous, or the program has none).
 */
export function Referral({ exp, l, inner }: BlockProps & { inner?: boolean }) {
  const r = exp.loyalty?.referral;
  const url = r && safeUrl(r.url);
  if (!r || !url) return null;
  const H = inner ? "h3" : "h2";
  return (
    <section class={inner ? "ref" : "box ref"} data-testid="revisit-referral" aria-labelledby="rv-ref">
      <H id="rv-ref">{t(l, "ref_title")}</H>
      <p class="m0">{t(l, "ref_intro")}</p>
      <CopyField l={l} label={t(l, "ref_link")} value={url} testid="revisit-referral-link" />
      <p class="muted m0" data-testid="revisit-referral-progress">
        {friendsText(l, r.friendsJoined, r.friendsOrdered)}
      </p>
    </section>
  );
}
