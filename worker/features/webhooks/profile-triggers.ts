import type { Env } from "../../env";
import type { ProfileState } from "../customers/profile";
import { desiredTriggers, type TriggerKind, type TriggerSettings } from "./webhooks";
import type { Sql } from "../../platform/sql";
import { emitWebhook } from "./webhooks.service";
import { siteRuntime } from "../../platform/store";
import type { SiteConfig } from "../site/site-config.schemas";
import { DAY_MS } from "../../platform/time";

const RETRY_MS = 60_000;

export function triggerSettings(config: Pick<SiteConfig, "lapsedAfterDays"> & { triggers?: Partial<SiteConfig["triggers"]> | undefined }): TriggerSettings {
  const t = config.triggers ?? {};
  return {
    cartAbandonedMinutes: t.cartAbandonedMinutes ?? 60,
    lapsedAfterDays: t.lapsedAfterDays ?? config.lapsedAfterDays ?? 90,
    lapsedGraceDays: t.lapsedGraceDays ?? 14,
    birthdayHourUtc: t.birthdayHourUtc ?? 9,
  };
}

/**
 * Time-based triggers of one customer profile, on the object's alarm (docs/architecture.md, Objects): cart abandoned,
 * lapsed and birthday moments are kept in `triggers`, the alarm is set to the soonest, and when
 * it goes off the due ones are re-checked against the profile as it is then and sent as webhooks
 * through the site's outbox. Nothing polls. Also announces tier changes (`loyalty.tier_changed`).
 */
export class ProfileTriggers {
  constructor(
    private readonly sql: Sql,
    private readonly storage: DurableObjectStorage,
    private readonly env: Env,
    /** Another moment the object's single alarm must also wake for (raw-event retention). */
    private readonly otherDue: () => number | null = () => null,
  ) {}

  /**
   * After a change to a customer (called where the profile is written): announces a new tier and,
   * when what the triggers depend on changed, reschedules them.
   */
  async observe(p: ProfileState, now: number): Promise<void> {
    if (p.kind !== "customer") return;
    await this.announceTier(p, now);
    const inputs = `${p.cart?.updatedAt ?? ""}|${p.cart?.items.length ?? 0}|${p.lastOrderAt ?? ""}|${p.orders}|${p.traits.birthday ?? ""}|${p.traits.calendar ?? ""}`;
    if (this.note("inputs") === inputs) return;
    const site = await siteRuntime(this.env, p.siteId);
    if (!site) return;
    this.sync(p, triggerSettings(site.config), now);
    this.setNote("inputs", inputs);
    await this.arm();
  }

  /** Runs the due triggers (from the profile object's alarm), then sleeps until the next one. */
  async fire(p: ProfileState | null, now: number): Promise<void> {
    if (p?.kind !== "customer") return this.arm();
    const site = await siteRuntime(this.env, p.siteId);
    if (!site) {
      await this.storage.setAlarm(now + RETRY_MS);
      return;
    }
    const settings = triggerSettings(site.config);
    const times = this.orderTimes();
    const due = this.sql<{ kind: string; key: string; due_at: number }>`SELECT kind, key, due_at FROM triggers WHERE fired_at IS NULL AND due_at <= ${now}`;
    for (const row of due) {
      const kind = row.kind as TriggerKind;
      // Still true? An order after the cart, a newer order or a changed birthday makes a moment stale.
      const still = desiredTriggers(subject(p), times, settings, row.due_at - 1).find((t) => t.kind === kind);
      if (still?.key !== row.key) {
        this.sql`DELETE FROM triggers WHERE kind = ${kind} AND key = ${row.key}`;
        continue;
      }
      try {
        await this.emit(kind, row.key, p, settings, site.config.webhooks, now);
        this.sql`UPDATE triggers SET fired_at = ${now} WHERE kind = ${kind} AND key = ${row.key}`;
      } catch {
        // The outbox was unreachable: keep the moment and try again shortly (the key keeps it single).
        this.sql`UPDATE triggers SET due_at = ${now + RETRY_MS} WHERE kind = ${kind} AND key = ${row.key}`;
      }
    }
    // Yearly moments roll over to the next occurrence.
    this.sync(p, settings, now);
    await this.arm();
  }

  /** Replaces the scheduled moments with what the profile calls for now (keeping ones already fired). */
  private sync(p: ProfileState, settings: TriggerSettings, now: number): void {
    const want = desiredTriggers(subject(p), this.orderTimes(), settings, now);
    const have = new Map(this.sql<{ kind: string; key: string }>`SELECT kind, key FROM triggers`.map((r) => [r.kind, r.key] as const));
    for (const kind of have.keys()) if (!want.some((t) => t.kind === kind)) this.sql`DELETE FROM triggers WHERE kind = ${kind}`;
    for (const t of want) {
      if (have.get(t.kind) === t.key) continue;
      // Only future moments: history (an import of old orders, an old merged cart) fires nothing.
      if (t.dueAt <= now) {
        this.sql`DELETE FROM triggers WHERE kind = ${t.kind}`;
        continue;
      }
      this.sql`INSERT INTO triggers (kind, key, due_at, fired_at) VALUES (${t.kind}, ${t.key}, ${t.dueAt}, NULL)
        ON CONFLICT (kind) DO UPDATE SET key = excluded.key, due_at = excluded.due_at, fired_at = NULL`;
    }
  }

  private async emit(kind: TriggerKind, key: string, p: ProfileState, s: TriggerSettings, webhooks: SiteConfig["webhooks"], now: number): Promise<void> {
    const who = { customerId: p.id, email: p.traits.email, firstName: p.traits.firstName, locale: p.traits.locale, marketingConsent: p.traits.marketingConsent };
    const idem = `${p.id}:${key}`;
    if (kind === "cart_abandoned" && p.cart) {
      const data = { ...who, cart: { items: p.cart.items, updatedAt: new Date(p.cart.updatedAt).toISOString() }, idleMinutes: s.cartAbandonedMinutes };
      await emitWebhook(this.env, p.siteId, "cart.abandoned", data, idem, { webhooks, now });
    } else if (kind === "lapsed" && p.lastOrderAt !== null) {
      const data = { ...who, orders: p.orders, spend: p.spend, lastOrderAt: new Date(p.lastOrderAt).toISOString(), daysSinceLastOrder: Math.floor((now - p.lastOrderAt) / DAY_MS) };
      await emitWebhook(this.env, p.siteId, "customer.lapsed", data, idem, { webhooks, now });
    } else if (kind === "birthday" && p.traits.birthday) {
      await emitWebhook(this.env, p.siteId, "customer.birthday", { ...who, birthday: p.traits.birthday, calendar: p.traits.calendar ?? "gregorian" }, idem, { webhooks, now });
    }
  }

  private async announceTier(p: ProfileState, now: number): Promise<void> {
    const tier = p.tier ?? null;
    const last = this.note("tier");
    const before = last === null ? null : (JSON.parse(last) as string | null);
    if (before === tier) return;
    await emitWebhook(
      this.env,
      p.siteId,
      "loyalty.tier_changed",
      { customerId: p.id, email: p.traits.email, firstName: p.traits.firstName, from: before, to: tier },
      `${p.id}:${before}>${tier}:${p.version}`,
      { now },
    );
    this.setNote("tier", JSON.stringify(tier));
  }

  /** The alarm goes off at the soonest moment not yet fired, or the next retention sweep if sooner. */
  async arm(): Promise<void> {
    const trigger = this.sql<{ t: number | null }>`SELECT min(due_at) AS t FROM triggers WHERE fired_at IS NULL`[0]?.t ?? null;
    const other = this.otherDue();
    const next = trigger === null ? other : other === null ? trigger : Math.min(trigger, other);
    const current = await this.storage.getAlarm();
    if (next === null) {
      if (current !== null) await this.storage.deleteAlarm();
    } else if (current !== next) await this.storage.setAlarm(next);
  }

  private orderTimes(): number[] {
    return this.sql<{ t: number }>`SELECT created_at AS t FROM orders WHERE status IN ('paid', 'partially_refunded')`.map((r) => r.t);
  }

  private note(k: string): string | null {
    return this.sql<{ v: string }>`SELECT v FROM trigger_notes WHERE k = ${k}`[0]?.v ?? null;
  }

  private setNote(k: string, v: string): void {
    this.sql`INSERT INTO trigger_notes (k, v) VALUES (${k}, ${v}) ON CONFLICT (k) DO UPDATE SET v = excluded.v`;
  }
}

const subject = (p: ProfileState) => ({ kind: p.kind, cart: p.cart, lastOrderAt: p.lastOrderAt, birthday: p.traits.birthday, calendar: p.traits.calendar ?? null });
