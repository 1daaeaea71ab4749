import { siteStub } from "../../platform/stubs";
import type { ProfileHost } from "../customers/profile-host";
import type { ProfileRef } from "../customers/profile-types";
import type { LoyaltyProgram } from "../loyalty";
import type { LoyaltyFlow } from "../loyalty/loyalty-flow";
import type { WebhookEndpoint } from "../webhooks/webhooks";
import { emitWebhook } from "../webhooks/webhooks.service";
import { applyOrder, applyRefund } from "./apply-order";
import type { OrderInput, OrderResult, RefundInput } from "./order-types";

/**
 * The one orchestrator of an order's path, run inside the customer's Profile object (so two
 * deliveries of one order can never interleave): load the profile, apply the order or refund
 * (pure, apply-order.ts), persist, then send the effects in order: the referral, the shop's
 * customer index, the shop's learning (purchases in, refunds out), punch-card codes and webhooks.
 */
export class OrderFlow {
  constructor(
    private readonly host: ProfileHost,
    private readonly loyalty: LoyaltyFlow,
  ) {}

  /**
   * Records a trusted order once per id. Sending it again as `refunded` or `cancelled` refunds
   * whatever is not yet refunded (answered `updated`); sending it again as paid is a `duplicate`.
   */
  async record(ref: ProfileRef, order: OrderInput, program: LoyaltyProgram, categoriesOf: Record<string, string[]>, now: number, webhooks?: readonly WebhookEndpoint[]): Promise<OrderResult> {
    const { book } = this.host;
    const existing = book.order(order.id);
    if (existing) {
      if (order.status === "paid") {
        // A retry may follow a report that failed: insights hear the customer again (idempotent).
        await this.host.report(this.host.load(ref, now), true);
        return this.loyalty.orderResult(order.id, "duplicate", 0);
      }
      if (existing.refunded >= existing.total || existing.status === "cancelled") {
        // Already wholly refunded another way: the Site still hears it (it dedupes by refund id).
        await siteStub(this.host.env, ref.siteId).refundPurchases({ customerId: ref.id, orderId: order.id, refundId: `${order.id}:${order.status}`, amount: null });
        return this.loyalty.orderResult(order.id, "duplicate", 0);
      }
      const r = await this.refund(ref, { orderId: order.id, refundId: `${order.id}:${order.status}`, amount: null, at: order.createdAt, status: order.status }, program, now);
      return { ...r, result: r.result === "created" ? "updated" : "duplicate" };
    }
    const applied = applyOrder(this.host.load(ref, now), book.entries(), order, program, categoriesOf);
    const p = applied.state;
    book.insertOrder(applied.row);
    book.appendAll(applied.entries);
    let pointsChange = applied.pointsChange;
    if (order.status === "paid") {
      this.host.activity.count([{ type: "order", at: order.createdAt }]);
      if (applied.firstOrder && p.referredBy && ref.kind === "customer") pointsChange += await this.loyalty.referredFirstOrder(ref, p, order, program);
    }
    this.loyalty.refreshPoints(p, now, program);
    this.host.save(p);
    await this.host.index(p);
    if (order.status === "paid") await siteStub(this.host.env, ref.siteId).recordPurchases({ orderId: order.id, customerId: ref.id, items: order.items, total: order.total, at: order.createdAt });
    await this.loyalty.deliverPunchCards(ref, program, applied.completed, order.id, now);
    const result: OrderResult = { ...this.loyalty.orderResult(order.id, "created", pointsChange), status: order.status };
    if (order.status === "paid") {
      const data = { customerId: ref.id, orderId: order.id, total: order.total, currency: order.currency, points: result.pointsChange, balance: result.points, pending: result.pending };
      await emitWebhook(this.host.env, ref.siteId, "order.credited", data, `${ref.id}:${order.id}`, { ...(webhooks ? { webhooks } : {}), now });
    }
    return result;
  }

  /**
   * A (partial) refund, once per refund id: points and spend go back (apply-order.ts), a full one
   * voids the punch-card rewards its stamps completed and reverses a referral; then the shop's
   * learning unlearns the refunded lines (or share), which the Site dedupes by refund id too.
   */
  async refund(ref: ProfileRef, r: RefundInput, program: LoyaltyProgram, now: number): Promise<OrderResult> {
    const { book } = this.host;
    const order = book.order(r.orderId);
    if (!order) return { result: "not_found", orderId: r.orderId, status: "paid", pointsChange: 0, points: this.host.load(ref, now).points, pending: 0, owed: 0 };
    const site = siteStub(this.host.env, ref.siteId);
    if (book.hasRefund(r.refundId)) {
      await this.host.report(this.host.load(ref, now), true);
      await site.refundPurchases({ customerId: ref.id, orderId: r.orderId, refundId: r.refundId, amount: r.amount, items: r.items });
      return this.loyalty.orderResult(order.id, "duplicate", 0);
    }
    const applied = applyRefund(this.host.load(ref, now), book.entries(), order, r);
    const p = applied.state;
    book.recordRefund(applied.refundRow, applied.order);
    book.appendAll(applied.entries);
    if (applied.referralReversed) await site.referralReversed(ref.id, order.id);
    const why = r.status ?? "refunded";
    const voided = applied.reversedWhole ? this.loyalty.voidPunchRewards(program, applied.stampsTaken, p.stamps, order.id, why, r.at) : [];
    this.loyalty.refreshPoints(p, now, program);
    this.host.save(p);
    await this.host.index(p);
    await this.loyalty.announceVoided(ref, p.traits.email, voided, order.id, why, now);
    await site.refundPurchases({ customerId: ref.id, orderId: r.orderId, refundId: r.refundId, amount: r.amount, items: r.items });
    return { ...this.loyalty.orderResult(order.id, "created", applied.pointsChange), status: applied.order.status };
  }
}
