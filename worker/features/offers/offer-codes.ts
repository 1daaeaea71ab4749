import { mintRewardCode, type CodeMinter, type RewardCodes } from "../loyalty/site-loyalty";

/** Offer codes share the reward code table (features/loyalty/site-loyalty.ts), in their own namespace. */
export const offerPool = (offerId: string): string => `offer:${offerId}`;

/** What issuing an offer's code needs to know about the offer. */
export interface OfferCodeSource {
  id: string;
  delivery: "pool" | "webhook";
  webhookUrl: string | null;
  discount?: { type: "fixed" | "percent"; value: number } | undefined;
}

/** Adds codes to an offer's pool (codes already there are ignored). */
export function addOfferCodes(codes: RewardCodes, offerId: string, list: string[]): { added: number; available: number } {
  return codes.add(offerPool(offerId), list);
}

/** A code for one issue of an offer: from its pool, or minted by the shop's webhook (`offer.issued`); null when none. */
export async function issueOfferCode(codes: RewardCodes, offer: OfferCodeSource, customerId: string, issueId: string, now: number, minter: CodeMinter | null): Promise<string | null> {
  if (offer.delivery === "pool") return codes.take(offerPool(offer.id), issueId, customerId, now);
  return minter ? mintRewardCode(offer, minter.policy, minter.webhookSecret, { customerId, offerId: offer.id, issueId, discount: offer.discount ?? null }, issueId, "offer.issued") : null;
}
