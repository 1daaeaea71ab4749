/**
 * Webhooks out and the time-based triggers behind some of them: event names, the
 * retry schedule, and when a shopper's cart-abandoned, lapsed and birthday moments fall. Pure:
 * no I/O, no clock (callers pass `now`), so tests drive every branch directly.
 */

import { birthdayIn, nextOccurrence } from "../../platform/calendars";
import type { BirthdayCalendar } from "../customers/profile";
import { SECOND_MS, MINUTE_MS, HOUR_MS, DAY_MS } from "../../platform/time";

export const WEBHOOK_EVENTS = [
  "cart.abandoned",
  "customer.lapsed",
  "customer.birthday",
  "loyalty.tier_changed",
  "survey.answered",
  "segment.entered",
  "segment.left",
  "order.credited",
  "loyalty.reward_voided",
  // A product a customer saved for later is back in stock / cheaper (features/wishlist), one event per saver.
  "wishlist.back_in_stock",
  "wishlist.price_drop",
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

/**
 * The event `POST /v1/webhooks/test` sends so a shop can check an endpoint before real events
 * depend on it. Not subscribable (an endpoint gets it only when someone asks), so it is not in
 * WEBHOOK_EVENTS, but it is a type the delivery log shows.
 */
export const TEST_EVENT = "webhook.test";
/** Every type a delivery can carry: the subscribable events and the test event. */
export const DELIVERY_EVENT_TYPES = [...WEBHOOK_EVENTS, TEST_EVENT] as const;
export type DeliveryEventType = (typeof DELIVERY_EVENT_TYPES)[number];

export interface WebhookEndpoint {
  url: string;
  /** Event types this endpoint receives; `"*"` means all. */
  events: string[];
}

/** The endpoints of a site that subscribed to `type`. */
export function endpointsFor(endpoints: readonly WebhookEndpoint[], type: WebhookEventType): string[] {
  return [...new Set(endpoints.filter((e) => e.events.includes("*") || e.events.includes(type)).map((e) => e.url))];
}

/**
 * Delay before each attempt (index 0 = the first), the schedule the Standard Webhooks guidance
 * suggests: at once, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h; eight attempts over about 27.6
 * hours. No jitter, so a test can walk it; the first retries are seconds apart, so a receiver
 * that blinked gets the event almost at once.
 */
export const RETRY_DELAYS_MS = [0, 5 * SECOND_MS, 5 * MINUTE_MS, 30 * MINUTE_MS, 2 * HOUR_MS, 5 * HOUR_MS, 10 * HOUR_MS, 10 * HOUR_MS] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length;

/**
 * How many attempts a delivery of `type` gets. A test event gets one: whoever sent it is looking
 * at the console for the answer now, and a retry hours later would only surprise the receiver; a
 * failed test goes straight to the dead letters, where Replay sends it again.
 */
export function attemptsFor(type: string): number {
  return type === TEST_EVENT ? 1 : MAX_ATTEMPTS;
}

/** When to try again after `attemptsMade` failed attempts (the last one at `lastAt`); null = give up (dead letter). */
export function nextAttemptAt(attemptsMade: number, lastAt: number): number | null {
  const delay = RETRY_DELAYS_MS[attemptsMade];
  return delay === undefined ? null : lastAt + delay;
}

/** Where one delivery stands: waiting for an attempt, done (a 2xx answer), or a dead letter (replayable). */
export type DeliveryStatus = "pending" | "delivered" | "dead";

/**
 * Where a delivery stands after its attempt `n` (1-based) ended at `at`: delivered when it got no
 * error, dead at once when its target was refused (waiting will not make it allowed), else due
 * again on the retry schedule, or dead once the schedule (or `maxAttempts`, attemptsFor) is spent.
 */
export function afterAttempt(n: number, outcome: { error: string | null; refused: boolean }, at: number, maxAttempts: number = MAX_ATTEMPTS): { status: DeliveryStatus; nextAt: number | null } {
  if (outcome.refused) return { status: "dead", nextAt: null };
  if (outcome.error === null) return { status: "delivered", nextAt: null };
  const next = n >= maxAttempts ? null : nextAttemptAt(n, at);
  return next === null ? { status: "dead", nextAt: null } : { status: "pending", nextAt: next };
}

/** The message body every endpoint receives: `{ type, timestamp, data }` (Standard Webhooks' recommended envelope). */
export function webhookBody(type: DeliveryEventType, at: number, data: Record<string, unknown>): string {
  return JSON.stringify({ type, timestamp: new Date(at).toISOString(), data });
}

// ---- time-based triggers --------------------------------------------------------------------

export type TriggerKind = "cart_abandoned" | "lapsed" | "birthday";

export interface TriggerSettings {
  cartAbandonedMinutes: number;
  /** A one-time buyer counts as lapsed this many days after their order. */
  lapsedAfterDays: number;
  /** A repeat buyer counts as lapsed this many days after their expected next order. */
  lapsedGraceDays: number;
  /** Hour of the day (UTC) birthday events go out. */
  birthdayHourUtc: number;
}

/** What the triggers need to know about a shopper. */
export interface TriggerSubject {
  kind: "visitor" | "customer";
  cart: { items: unknown[]; updatedAt: number } | null;
  lastOrderAt: number | null;
  birthday: string | null;
  /** The calendar the birthday recurs in (default Gregorian). */
  calendar?: BirthdayCalendar | null | undefined;
}

/** One scheduled moment; `key` names the occurrence, so one occurrence fires at most once. */
export interface Trigger {
  kind: TriggerKind;
  key: string;
  dueAt: number;
}

/** Median gap between consecutive orders, or null with fewer than two. */
export function medianOrderGap(orderTimes: readonly number[]): number | null {
  const t = [...orderTimes].sort((a, b) => a - b);
  if (t.length < 2) return null;
  const gaps = t
    .slice(1)
    .map((x, i) => x - (t[i] as number))
    .sort((a, b) => a - b);
  const mid = Math.floor(gaps.length / 2);
  return gaps.length % 2 ? (gaps[mid] as number) : ((gaps[mid - 1] as number) + (gaps[mid] as number)) / 2;
}

/**
 * When a customer who stops ordering counts as lapsed: the expected next order (last order plus
 * their median gap between orders, at least a day) plus the grace days; a one-time buyer after
 * `lapsedAfterDays`.
 */
export function lapsedDueAt(orderTimes: readonly number[], s: TriggerSettings): number | null {
  if (orderTimes.length === 0) return null;
  const last = Math.max(...orderTimes);
  const gap = medianOrderGap(orderTimes);
  return gap === null ? last + s.lapsedAfterDays * DAY_MS : last + Math.max(gap, DAY_MS) + s.lapsedGraceDays * DAY_MS;
}

/**
 * The next birthday strictly after `now`, at `hourUtc`, in the shopper's calendar (calendars.ts):
 * the same month and day of that calendar every year; a day the month lacks that year (29 February,
 * 30 Esfand, the 30th of a 29-day Hijri month) falls on the month's last day. `year` is the
 * calendar's own year of that birthday.
 */
export function nextBirthday(birthday: string, now: number, hourUtc: number, calendar: BirthdayCalendar = "gregorian"): { at: number; year: number } | null {
  const md = birthdayIn(calendar, birthday);
  if (!md) return null;
  const o = nextOccurrence(calendar, md, now - hourUtc * HOUR_MS);
  return { at: o.at + hourUtc * HOUR_MS, year: o.year };
}

/**
 * The moments a customer's profile should wake up for, given its state now. Visitors have no
 * contact, so they get none. Only future moments are scheduled: importing last year's orders
 * must not fire a flood of stale "lapsed" events (a moment already scheduled is kept by the
 * caller until it fires, even once it is past).
 */
export function desiredTriggers(p: TriggerSubject, orderTimes: readonly number[], s: TriggerSettings, now: number): Trigger[] {
  if (p.kind !== "customer") return [];
  const out: Trigger[] = [];
  if (p.cart && p.cart.items.length > 0 && p.cart.updatedAt > (p.lastOrderAt ?? -Infinity)) {
    out.push({ kind: "cart_abandoned", key: `cart:${p.cart.updatedAt}`, dueAt: p.cart.updatedAt + s.cartAbandonedMinutes * MINUTE_MS });
  }
  const lapsed = lapsedDueAt(orderTimes, s);
  if (lapsed !== null && p.lastOrderAt !== null) out.push({ kind: "lapsed", key: `lapsed:${p.lastOrderAt}`, dueAt: lapsed });
  const cal = p.calendar ?? "gregorian";
  const bday = p.birthday ? nextBirthday(p.birthday, now, s.birthdayHourUtc, cal) : null;
  if (bday) out.push({ kind: "birthday", key: `birthday:${p.birthday}:${cal === "gregorian" ? "" : `${cal}-`}${bday.year}`, dueAt: bday.at });
  return out;
}
