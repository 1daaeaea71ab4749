import type { BirthdayCalendar } from "../features/customers/profile";
import { DAY_MS } from "./time";

/**
 * Yearly dates (birthdays) in the shopper's own calendar: Gregorian, Persian (Solar Hijri) or
 * Hijri (Umm al-Qura). The `birthday` trait is always stored as a Gregorian YYYY-MM-DD; in the
 * shopper's calendar it recurs on the same month and day of that calendar, so a Persian birthday
 * of 1 Farvardin falls around 20–21 March every year, and a Hijri one moves about 11 days earlier
 * each Gregorian year.
 *
 * The rule for days a month lacks in a given year: the date falls on that month's last day.
 * 29 February (Gregorian) is the 28th in common years; 30 Esfand (Persian leap years only) is the
 * 29th in common years; day 30 of a Hijri month is the 29th when that month has 29 days.
 *
 * Conversions use `Intl.DateTimeFormat` with the `persian` / `islamic-umalqura` calendars (ICU,
 * available in workerd and Node), always in UTC. Pure: no clock, callers pass `now`.
 */

export const BIRTHDAY_CALENDARS = ["gregorian", "persian", "islamic"] as const satisfies readonly BirthdayCalendar[];

export interface CalendarDate {
  year: number;
  /** 1-based. */
  month: number;
  day: number;
}

/** Mean month length per calendar, for the first guess of a conversion. */
const MEAN_MONTH_DAYS: Record<BirthdayCalendar, number> = { gregorian: 30.437, persian: 30.437, islamic: 29.531 };
const ICU_NAME: Record<BirthdayCalendar, string> = { gregorian: "gregory", persian: "persian", islamic: "islamic-umalqura" };
const formatters = new Map<BirthdayCalendar, Intl.DateTimeFormat>();

function formatter(cal: BirthdayCalendar): Intl.DateTimeFormat {
  let f = formatters.get(cal);
  if (!f) {
    f = new Intl.DateTimeFormat(`en-US-u-ca-${ICU_NAME[cal]}-nu-latn`, { timeZone: "UTC", year: "numeric", month: "numeric", day: "numeric" });
    formatters.set(cal, f);
  }
  return f;
}

/** ICU answers per calendar and UTC day (a pure mapping, so never stale; bounded). */
const days = new Map<string, CalendarDate>();
const DAYS_MAX = 5_000;

/** The date of a moment (UTC) in a calendar. */
export function toCalendar(cal: BirthdayCalendar, ms: number): CalendarDate {
  if (cal === "gregorian") {
    const d = new Date(ms);
    return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
  }
  const key = `${cal}:${Math.floor(ms / DAY_MS)}`;
  const known = days.get(key);
  if (known) return { ...known };
  const out = { year: 0, month: 0, day: 0 };
  for (const p of formatter(cal).formatToParts(ms)) if (p.type === "year" || p.type === "month" || p.type === "day") out[p.type] = parseInt(p.value, 10);
  if (days.size >= DAYS_MAX) days.clear();
  days.set(key, { ...out });
  return out;
}

/**
 * Month starts already found, per calendar, year and month: a birthday offer asks for the same
 * few months over and over, and each ICU conversion costs microseconds (a pure cache of a fixed
 * mapping, so it never goes stale; bounded so it cannot grow without end).
 */
const starts = new Map<string, number>();
const STARTS_MAX = 2_000;

/**
 * Roughly when a month of a calendar falls (within a few weeks): where the month-start search
 * begins. Derived from the date alone, so the answer never depends on the clock.
 */
function roughly(cal: BirthdayCalendar, year: number, month: number): number {
  if (cal === "gregorian") return Date.UTC(year, month - 1, 15);
  // Persian years start at the March equinox, 621 years after the Gregorian count; Hijri years
  // are 354.37 days long and began on 16 July 622.
  const days = cal === "persian" ? (year + 621 - 1970) * 365.2422 + 79 + (month - 1) * 30.44 : (year - 1) * 354.367 + (month - 1) * 29.53 - 492_148;
  return Math.round(days) * DAY_MS;
}

/** Midnight UTC of the first day of a month of a calendar. */
function monthStart(cal: BirthdayCalendar, year: number, month: number, near: number): number {
  if (cal === "gregorian") return Date.UTC(year, month - 1, 1);
  const key = `${cal}:${year}:${month}`;
  const known = starts.get(key);
  if (known !== undefined) return known;
  const found = searchMonthStart(cal, year, month, near);
  if (starts.size >= STARTS_MAX) starts.clear();
  starts.set(key, found);
  return found;
}

function searchMonthStart(cal: BirthdayCalendar, year: number, month: number, near: number): number {
  let t = Math.floor(near / DAY_MS) * DAY_MS;
  for (let i = 0; i < 12; i++) {
    const c = toCalendar(cal, t);
    if (c.year === year && c.month === month) return t - (c.day - 1) * DAY_MS;
    const months = (year - c.year) * 12 + (month - c.month);
    t += Math.round(months * MEAN_MONTH_DAYS[cal] + (months === 0 ? 0 : 15 - c.day)) * DAY_MS;
  }
  throw new Error(`no ${cal} date ${year}-${month}`);
}

/** Days in a month of a calendar (Persian and Hijri months have at least 29). */
export function monthLength(cal: BirthdayCalendar, year: number, month: number, near = roughly(cal, year, month)): number {
  if (cal === "gregorian") return new Date(Date.UTC(year, month, 0)).getUTCDate();
  const start = monthStart(cal, year, month, near);
  let n = 29;
  while (n < 31 && toCalendar(cal, start + n * DAY_MS).month === month) n++;
  return n;
}

/** Midnight UTC of a calendar date; a day the month lacks that year falls on its last day. */
export function fromCalendar(cal: BirthdayCalendar, d: CalendarDate, near = roughly(cal, d.year, d.month)): number {
  const start = monthStart(cal, d.year, d.month, near);
  // Persian and Hijri months all have at least 29 days: only a later day needs the month's length.
  const len = cal === "gregorian" ? monthLength(cal, d.year, d.month) : d.day <= 29 ? d.day : monthLength(cal, d.year, d.month, start);
  return start + (Math.min(d.day, len) - 1) * DAY_MS;
}

/** A Gregorian YYYY-MM-DD as a moment (midnight UTC), days past the month's end clamped; null when malformed. */
export function parseGregorian(date: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1 || day > 31 || year < 1000) return null;
  return fromCalendar("gregorian", { year, month, day });
}

/** The birthday's month and day in the shopper's calendar (from the Gregorian date of birth). */
export function birthdayIn(cal: BirthdayCalendar, gregorianBirthday: string): { month: number; day: number } | null {
  if (cal === "gregorian") {
    const m = /^\d{4}-(\d{2})-(\d{2})$/.exec(gregorianBirthday);
    const ok = parseGregorian(gregorianBirthday) !== null;
    return m && ok ? { month: Number(m[1]), day: Number(m[2]) } : null;
  }
  const at = parseGregorian(gregorianBirthday);
  if (at === null) return null;
  const c = toCalendar(cal, at);
  return { month: c.month, day: c.day };
}

/** One year's occurrence of a yearly date: midnight UTC of the day, and the calendar year it belongs to. */
export interface Occurrence {
  at: number;
  year: number;
}

/** The occurrence of a month/day in a given year of the calendar. */
export function occurrenceIn(cal: BirthdayCalendar, md: { month: number; day: number }, year: number, near: number): Occurrence {
  return { at: fromCalendar(cal, { year, month: md.month, day: md.day }, near), year };
}

/** The first occurrence (midnight UTC) strictly after `after`. */
export function nextOccurrence(cal: BirthdayCalendar, md: { month: number; day: number }, after: number): Occurrence {
  const y = toCalendar(cal, after).year;
  for (const year of [y - 1, y, y + 1]) {
    const o = occurrenceIn(cal, md, year, after);
    if (o.at > after) return o;
  }
  return occurrenceIn(cal, md, y + 2, after);
}

/**
 * The occurrence whose window (`windowDays` before to `windowDays` after the day, whole UTC days)
 * contains `now`, or null. Used for birthday and anniversary offers.
 */
export function occurrenceAround(cal: BirthdayCalendar, md: { month: number; day: number }, now: number, windowDays: number): Occurrence | null {
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  const y = toCalendar(cal, now).year;
  const o = occurrenceIn(cal, md, y, now);
  if (Math.abs(o.at - today) <= windowDays * DAY_MS) return o;
  // Near the turn of the year the window may belong to last year's or next year's date.
  const other = occurrenceIn(cal, md, o.at > today ? y - 1 : y + 1, now);
  return Math.abs(other.at - today) <= windowDays * DAY_MS ? other : null;
}
