import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env";
import { createSql, migrate, type Sql } from "../platform/sql";
import { INSIGHTS_MIGRATIONS } from "../platform/migrations/insights";
import { CellBook, CUSTOMER_METRICS } from "../features/insights/cells";
import { cellDelta, customerCells } from "../features/insights/customer-cells";
import { dayPairCells } from "../features/insights/day-pairs";
import type { CustomerFacts } from "../features/insights/customer-facts";
import { dayOf, monthOf } from "../features/insights/period";
import { type InsightsQuery, readInsights } from "../features/insights/read-insights";
import { MemberBook } from "../features/experiments/member-book";
import type { RecFact, VisitFact } from "../features/insights/event-facts";
import { snapshotCells } from "../features/insights/lifecycle-insights";
import { siteStub } from "../platform/stubs";
import { DAY_MS } from "../platform/time";

/** The first snapshot follows the first report by a minute (the index has the customer by then). */
const SNAPSHOT_DELAY_MS = 60_000;

/**
 * One shop's insights (docs/architecture.md): counters per local day and cohort, kept current as
 * customers' facts, visits and events arrive, so a read costs the same for 1,000 customers or
 * 1,000,000 (cells.ts); and the members of its experiments. A thin shell: each method loads what
 * it needs, calls a pure function of features/insights or features/experiments, and persists.
 */
export class InsightsObject extends DurableObject<Env> {
  private readonly sql: Sql;
  private readonly cells: CellBook;
  private readonly members: MemberBook;
  private zone: string | undefined;
  private siteId: string | undefined;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = createSql(ctx.storage);
    this.cells = new CellBook(this.sql);
    this.members = new MemberBook(this.sql, this.cells);
    migrate(ctx.storage, INSIGHTS_MIGRATIONS);
  }

  /**
   * A customer's facts as they are now (customer-facts.ts): the counters move by the difference
   * from the last report, in one transaction, so repeating or reordering reports is harmless.
   */
  async recordCustomer(siteId: string, customerId: string, facts: CustomerFacts): Promise<void> {
    await this.armSnapshots(siteId);
    const timeZone = this.timeZone();
    this.ctx.storage.transactionSync(() => this.apply(customerId, facts, timeZone));
  }

  /** Moves the counters by the difference between the stored facts and these, and stores these. */
  private apply(customerId: string, facts: CustomerFacts, timeZone: string): void {
    const row = this.sql<{ facts: string }>`SELECT facts FROM customers WHERE id = ${customerId}`[0];
    const before = row ? customerCells(JSON.parse(row.facts) as CustomerFacts, timeZone) : new Map<string, number>();
    this.cells.add(cellDelta(before, customerCells(facts, timeZone)));
    this.sql`INSERT INTO customers (id, facts) VALUES (${customerId}, ${JSON.stringify(facts)}) ON CONFLICT (id) DO UPDATE SET facts = excluded.facts`;
  }

  /**
   * Many customers' facts in one call (an import or a backfill, and `npm run bench:insights`):
   * the same diff as {@link recordCustomer}, one transaction per call.
   */
  async recordCustomers(siteId: string, batch: [string, CustomerFacts][]): Promise<void> {
    await this.armSnapshots(siteId);
    const timeZone = this.timeZone();
    this.ctx.storage.transactionSync(() => {
      for (const [id, facts] of batch) this.apply(id, facts, timeZone);
    });
  }

  /** What the shop's insights take on disk (bytes of this object's SQLite database). */
  storageBytes(): number {
    return this.ctx.storage.sql.databaseSize;
  }

  /** Erasure: the customer's share leaves every counter, their facts are deleted, and their shoppers (Profile object ids) leave experiments. */
  forgetCustomer(customerId: string, shoppers: string[]): void {
    this.ctx.storage.transactionSync(() => {
      for (const s of shoppers) {
        this.members.forget(s);
        this.sql`DELETE FROM seen WHERE shopper = ${s}`;
      }
      if (!customerId) return;
      const row = this.sql<{ facts: string }>`SELECT facts FROM customers WHERE id = ${customerId}`[0];
      if (row) this.cells.add(cellDelta(customerCells(JSON.parse(row.facts) as CustomerFacts, this.timeZone()), new Map()));
      this.sql`DELETE FROM customers WHERE id = ${customerId}`;
    });
  }

  /** Counts one visit (not idempotent: a lost or repeated count moves a share by one visit). */
  recordVisit(v: VisitFact, arms: Record<string, { arm: string; at: number }> | undefined, shopper: string): void {
    const timeZone = this.timeZone();
    // Arms are sent again with each visit: a lost assignment call is made good by the next visit.
    for (const [id, a] of Object.entries(arms ?? {})) this.members.assign(id, shopper, a.arm, a.at);
    const who = v.identified ? "identified" : "anonymous";
    const day = dayOf(v.at, timeZone);
    this.ctx.storage.transactionSync(() => {
      this.cells.bump("visit", day, v.previousAt === null ? 0 : 1, who, 1);
      if (v.previousAt !== null) dayPairCells("vpair", dayOf(v.previousAt, timeZone), day, who, 1, (m, a, b, c, n) => this.cells.bump(m, a, b, c, n));
    });
  }

  /** Recommendation events, already deduplicated by the shopper's Profile object. */
  recordRecs(facts: RecFact[]): void {
    const timeZone = this.timeZone();
    this.ctx.storage.transactionSync(() => {
      for (const f of facts) this.cells.bump("rec", dayOf(f.at, timeZone), f.event, `${f.placement}\u001f${f.reason}`, f.n);
    });
  }

  /**
   * A survey shown to (0) or answered by (1) a shopper, each counted once per shopper and survey
   * (a survey shown on every page until answered is one showing), and the shopper's first NPS
   * score in the survey, in the month it was given.
   */
  recordSurvey(surveyId: string, event: 0 | 1, at: number, score: number | null, shopper: string): void {
    const day = dayOf(at, this.timeZone());
    const once = (what: string) => this.sql`INSERT OR IGNORE INTO seen (what, shopper) VALUES (${what}, ${shopper}) RETURNING shopper`.length > 0;
    this.ctx.storage.transactionSync(() => {
      if (once(`${surveyId}\u001f${event}`)) this.cells.bump("survey", day, event, surveyId, 1);
      if (score !== null && once(`${surveyId}\u001fnps`)) this.cells.bump("nps", monthOf(day), score, "", 1);
    });
  }

  /** Stores a shopper's experiment arm once (the first call wins); counts the shopper in their arm. */
  assign(experimentId: string, shopper: string, arm: string, at: number): void {
    this.members.assign(experimentId, shopper, arm, at);
  }

  /** Identify merged `from` into `into`: the shopper is counted once, in the arm `into` kept. */
  mergeShopper(experimentId: string, from: string, into: string): void {
    this.members.merge(experimentId, from, into);
  }

  /** Any insight (features/insights/read-insights.ts), at `now`, over the site's stored days. */
  read(q: InsightsQuery, now: number) {
    return readInsights(this.cells, q, dayOf(now, this.timeZone()));
  }

  /** The daily lifecycle snapshot: first armed by the shop's first customer report, then every day. */
  private async armSnapshots(siteId: string): Promise<void> {
    if (this.siteId === siteId) return;
    this.sql`INSERT INTO meta (k, v) VALUES ('siteId', ${siteId}) ON CONFLICT (k) DO UPDATE SET v = excluded.v`;
    this.siteId = siteId;
    if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(Date.now() + SNAPSHOT_DELAY_MS);
  }

  /** Takes today's lifecycle snapshot from the Site's customer index (replacing one taken earlier today), then re-arms. */
  async alarm(): Promise<void> {
    const siteId = this.sql<{ v: string }>`SELECT v FROM meta WHERE k = 'siteId'`[0]?.v;
    if (!siteId) return;
    const now = Date.now();
    const snapshot = await siteStub(this.env, siteId).lifecycleSnapshot(now);
    const day = dayOf(now, this.timeZone());
    this.ctx.storage.transactionSync(() => {
      this.sql`DELETE FROM cells WHERE metric IN ('life', 'tier') AND a = ${day}`;
      for (const c of snapshotCells(day, snapshot)) this.cells.bump(c.metric, c.a, 0, c.c, c.n);
    });
    await this.ctx.storage.setAlarm(now + DAY_MS);
  }

  /** The site's time zone, as the site configuration last set it (UTC until then). */
  private timeZone(): string {
    this.zone ??= this.sql<{ v: string }>`SELECT v FROM meta WHERE k = 'timeZone'`[0]?.v ?? "UTC";
    return this.zone;
  }

  /**
   * Called when the site configuration is saved. Counters are kept in one time zone: when the
   * site changes its zone, what customers' facts give is rebuilt in the new one (one scan of the
   * stored facts); visit and event counts keep the days they were counted under (README: insights).
   */
  setTimeZone(timeZone: string): void {
    const stored = this.timeZone();
    if (stored === timeZone) return;
    this.ctx.storage.transactionSync(() => {
      this.sql`INSERT INTO meta (k, v) VALUES ('timeZone', ${timeZone}) ON CONFLICT (k) DO UPDATE SET v = excluded.v`;
      this.cells.clear(CUSTOMER_METRICS);
      // Attributed revenue (`rec`, event 3) comes from customers' facts too; the other rec events keep their days.
      this.sql`DELETE FROM cells WHERE metric = 'rec' AND b = 3`;
      for (const row of this.sql<{ facts: string }>`SELECT facts FROM customers`) this.cells.add(customerCells(JSON.parse(row.facts) as CustomerFacts, timeZone));
    });
    this.zone = timeZone;
  }
}
