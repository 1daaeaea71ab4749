import { insightsStub } from "../../platform/stubs";
import type { ProfileHost } from "../customers/profile-host";
import type { ProfileState } from "../customers/profile";
import { customerFacts } from "./customer-facts";

/**
 * Sends a customer's facts to the shop's Insights object after a change (customer-facts.ts). The
 * report is the whole state, so it is safe to repeat: a change whose report failed is made good by
 * the next one, and a retried order (answered `duplicate`) reports again. An identical report is
 * skipped while this object stays in memory.
 *
 * Reports go out one at a time, each built when its turn comes: requests to one Profile object
 * interleave while a report is on its way, and two reports sent side by side could land in either
 * order, leaving the Insights object with the older facts. In a queue the last one sent is always
 * built from the newest ledger.
 */
export class InsightsReporter {
  private last: string | null = null;
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly host: Pick<ProfileHost, "env" | "book">) {}

  /** Reports `p` (customers with an order, points or an arm; visitors have no money to count). */
  report(p: ProfileState, force = false): Promise<void> {
    if (p.kind !== "customer") return Promise.resolve();
    const run = this.queue.then(() => this.send(p, force));
    this.queue = run.catch(() => {});
    return run;
  }

  private async send(p: ProfileState, force: boolean): Promise<void> {
    const facts = customerFacts(this.host.book.entries(), p.experiments, this.host.book.orderRecs());
    if (facts.orders.length === 0 && facts.points.length === 0 && facts.arms.length === 0) return;
    const text = JSON.stringify(facts);
    if (!force && text === this.last) return;
    await insightsStub(this.host.env, p.siteId).recordCustomer(p.siteId, p.id, facts);
    this.last = text;
  }

  /** After erasure nothing is remembered. */
  forget(): void {
    this.last = null;
  }
}
