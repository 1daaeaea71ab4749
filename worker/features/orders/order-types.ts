/** An order as the Profile object records it: the API's order with its money already valued for this site. */
export interface OrderInput {
  id: string;
  email?: string | undefined;
  items: { productId: string; quantity: number; price: number }[];
  total: number;
  currency: string;
  /** Points per unit of `currency` (`currencyTerms`): 0 when the program cannot value it, so it earns nothing. */
  rate: number;
  /** The order's worth in the site currency, what it adds to spend (tiers, lifecycle, RFM): total × spendFactor. */
  value: number;
  createdAt: number;
  status: "paid" | "refunded" | "cancelled";
  /** Site config `insights.attributionDays`: a line counts for a recommendation clicked this many days before (default 7). */
  attributionDays?: number | undefined;
}

/** A (partial) refund of a recorded order; `status` is set when the whole order was re-sent as refunded or cancelled. */
export interface RefundInput {
  orderId: string;
  refundId: string;
  /** Refunded money; null = everything not yet refunded. */
  amount: number | null;
  at: number;
  status?: "refunded" | "cancelled";
  /** The refunded lines, for recommendations to unlearn (points follow the amount). */
  items?: { productId: string; quantity: number }[] | undefined;
}

/** What `POST /v1/orders` and the refund route answer (and what the Profile object returns). */
export interface OrderResult {
  result: "created" | "duplicate" | "updated" | "not_found";
  orderId: string;
  status: OrderInput["status"] | "partially_refunded";
  /** Points this call added (negative: reversed). */
  pointsChange: number;
  /** Spendable balance after the call (available minus owed). */
  points: number;
  pending: number;
  owed: number;
}

/** An order as stored on the Profile object (`orders` table). */
export interface OrderRow {
  id: string;
  status: string;
  total: number;
  refunded: number;
  currency: string;
  created_at: number;
  /** JSON of OrderInput["items"]. */
  items: string;
  points: number;
  /** JSON of the punch-card stamps it earned, by card id. */
  stamps: string;
}
