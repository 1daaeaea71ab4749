import type { Env } from "../../env";
import type { SiteRecord } from "../site/site-record";
import { endpointsFor } from "../webhooks/webhooks";
import { emitWebhooks } from "../webhooks/webhooks.service";
import { FANOUT_BATCH, type SaverBook } from "./saver-book";
import { NEWS_EVENT } from "./wishlist";

/**
 * One run of the wishlist fan-out on the Site's alarm: the next batch of one product's savers each
 * get a signed `wishlist.back_in_stock` / `wishlist.price_drop` webhook (once per saver and news:
 * the idempotency key is the fan-out id and the customer, so a run retried after a crash sends
 * nothing twice), then the cursor moves on. A site without an endpoint for the event drops the
 * fan-out at once. Returns whether more is waiting (the alarm runs again at once).
 */
export async function fanOutStep(env: Env, book: SaverBook, site: SiteRecord | null, now: number, limit = FANOUT_BATCH): Promise<boolean> {
  const next = book.nextBatch(limit);
  if (!next) return false;
  const { job, customers } = next;
  const type = NEWS_EVENT[job.kind];
  const webhooks = site?.config.webhooks ?? [];
  if (!site || endpointsFor(webhooks, type).length === 0) {
    // Nobody listens for this event: all of its queued fan-outs end in this run, not one per run.
    book.dropKind(job.kind);
    return book.pending();
  }
  const { previousPrice, ...product } = job.product;
  // One outbox call (one storage commit) for the batch.
  const events = customers.map((customerId) => ({ data: { customerId, productId: job.productId, ...product, previousPrice }, idempotencyKey: `${job.id}:${customerId}` }));
  await emitWebhooks(env, site.id, type, events, { webhooks, now });
  book.advance(job, customers, limit);
  return book.pending();
}
