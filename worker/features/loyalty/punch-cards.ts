import type { PunchCardDef } from "./program";

export interface PunchCardProgress {
  cardId: string;
  stamps: number;
  required: number;
  /** Cards completed so far (each one earns the free item). */
  completed: number;
}

/** Units of an order line that stamp a card: the product is listed, or one of its categories is. */
export function stampsFor(card: PunchCardDef, items: { productId: string; quantity: number; categories: string[] }[]): number {
  let n = 0;
  for (const i of items) if (card.productIds.includes(i.productId) || i.categories.some((c) => card.categories.includes(c))) n += i.quantity;
  return n;
}

/** Progress on a card from the total stamps collected (refunded units already subtracted). */
export function cardProgress(card: PunchCardDef, totalStamps: number): PunchCardProgress {
  const stamps = Math.max(0, totalStamps);
  return { cardId: card.id, stamps: stamps % card.required, required: card.required, completed: Math.floor(stamps / card.required) };
}
