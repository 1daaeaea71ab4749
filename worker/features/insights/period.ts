import { z } from "@hono/zod-openapi";
import { DAY_MS } from "../../platform/time";

/**
 * Days, ISO weeks and months in the shop's own time zone, the grid every insight is counted on.
 *
 * A "day number" is the count of days from 1970-01-01 to a calendar date (1970-01-01 is 0,
 * 1969-12-31 is -1), taken in the shop's IANA time zone: an order at 23:30 in Tehran counts on
 * Tehran's date, not on UTC's. Counters are keyed by day number (and by month number, months
 * since 1970-01), so a read adds up integers and never touches a clock or a zone again.
 *
 * Date arithmetic is pure integer maths on the proleptic Gregorian calendar, so nothing depends
 * on the host's locale or zone; only `dayOf` asks ICU (through `Intl`) what the local date is.
 * Pure: callers pass every moment in.
 */

/** How a range is cut into periods: calendar days, ISO weeks (Monday to Sunday) or calendar months. */
export type Granularity = "day" | "week" | "month";

/** The granularities the API accepts, for its enum. */
export const GRANULARITIES = ["day", "week", "month"] as const satisfies readonly Granularity[];

/** The longest range a query may span, in days counting both ends: about ten years, so one read stays bounded. */
export const MAX_RANGE_DAYS = 3_660;

/** One period of a range: its label and its first and last day numbers (both inclusive). */
export interface Bucket {
  period: string;
  from: number;
  to: number;
}

const pad = (n: number, width: number) => String(n).padStart(width, "0");
/** Floor division and modulo that stay correct for negative day numbers. */
const floorDiv = (a: number, b: number) => Math.floor(a / b);
const mod = (a: number, b: number) => ((a % b) + b) % b;

/** Day number of a proleptic Gregorian date (H. Hinnant's days_from_civil); month 1-based, day may overflow. */
function dayFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = floorDiv(y, 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = floorDiv(153 * mp + 2, 5) + day - 1;
  const doe = yoe * 365 + floorDiv(yoe, 4) - floorDiv(yoe, 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** The proleptic Gregorian date of a day number (H. Hinnant's civil_from_days). */
function civilFromDay(dayNumber: number): { year: number; month: number; day: number } {
  const z = dayNumber + 719_468;
  const era = floorDiv(z, 146_097);
  const doe = z - era * 146_097;
  const yoe = floorDiv(doe - floorDiv(doe, 1_460) + floorDiv(doe, 36_524) - floorDiv(doe, 146_096), 365);
  const doy = doe - (365 * yoe + floorDiv(yoe, 4) - floorDiv(yoe, 100));
  const mp = floorDiv(5 * doy + 2, 153);
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day: doy - floorDiv(153 * mp + 2, 5) + 1 };
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The day number of a YYYY-MM-DD, or null when it is not a real calendar date (2011-02-29, 2011-13-01). */
function parseIsoDate(date: string): number | null {
  const m = ISO_DATE.exec(date);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1) return null;
  const n = dayFromCivil(year, month, day);
  return civilFromDay(n).month === month ? n : null;
}

/** Whether a string is a real YYYY-MM-DD calendar date, so the API can say so before it computes anything. */
export function isIsoDate(date: string): boolean {
  return parseIsoDate(date) !== null;
}

/** The day number of a YYYY-MM-DD (validated input: throws RangeError on anything else, a bug at the caller). */
export function dayFromIso(date: string): number {
  const n = parseIsoDate(date);
  if (n === null) throw new RangeError(`not a YYYY-MM-DD calendar date: ${JSON.stringify(date)}`);
  return n;
}

/** The YYYY-MM-DD of a day number: how periods and dates are shown in JSON and CSV. */
export function isoFromDay(dayNumber: number): string {
  const c = civilFromDay(dayNumber);
  return `${pad(c.year, 4)}-${pad(c.month, 2)}-${pad(c.day, 2)}`;
}

/**
 * Formatters per zone: building an `Intl.DateTimeFormat` costs far more than using one, and
 * `dayOf` runs on every order and visit. Only zones Intl accepted are kept; the map is cleared if
 * odd spellings ("europe/LONDON") ever fill it, so it cannot grow without end.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
const FORMATTERS_MAX = 1_000;

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // Latin digits and the Gregorian calendar whatever ICU's default for the locale becomes.
    f = new Intl.DateTimeFormat("en-US-u-ca-gregory-nu-latn", { timeZone, year: "numeric", month: "numeric", day: "numeric" });
    if (formatters.size >= FORMATTERS_MAX) formatters.clear();
    formatters.set(timeZone, f);
  }
  return f;
}

const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/**
 * Whether a string names a time zone Intl knows ("Europe/London", "UTC", "Etc/GMT-3"), for the
 * site config. Fixed offsets such as "+03:30" are refused even where Intl takes them: they ignore
 * daylight saving time, so a shop in Tehran or London would count evenings on the wrong day for
 * half the year; a place name is always the right answer.
 */
export function isTimeZone(tz: string): boolean {
  if (typeof tz !== "string" || !/^[A-Za-z]/.test(tz) || tz.length > 64) return false;
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}

/**
 * The day number of the shop's local calendar date at a moment (ms since the epoch): the day an
 * order or visit is counted on. "UTC" is plain arithmetic; any other zone asks ICU, which knows
 * every daylight-saving rule (half-hour ones in Lord Howe, +14 in Kiritimati). Throws RangeError
 * for a zone Intl does not know (check the config with `isTimeZone`).
 */
export function dayOf(at: number, timeZone: string): number {
  if (timeZone === "UTC") return Math.floor(at / DAY_MS);
  const f = formatter(timeZone);
  // `format` is about twice as fast as `formatToParts`; en-US numeric dates are "M/D/YYYY", and
  // should ICU ever write them otherwise the parts below still give the right answer.
  const m = US_DATE.exec(f.format(at));
  if (m) return dayFromCivil(Number(m[3]), Number(m[1]), Number(m[2]));
  let year = 0;
  let month = 0;
  let day = 0;
  for (const p of f.formatToParts(at)) {
    if (p.type === "year") year = Number(p.value);
    else if (p.type === "month") month = Number(p.value);
    else if (p.type === "day") day = Number(p.value);
  }
  return dayFromCivil(year, month, day);
}

/** Months since 1970-01 of a day number (1970-01 is 0): the key of monthly counters and cohorts. */
export function monthOf(dayNumber: number): number {
  const c = civilFromDay(dayNumber);
  return (c.year - 1970) * 12 + c.month - 1;
}

/** "YYYY-MM" of a month number, the label of a cohort or monthly period. */
export function monthLabel(month: number): string {
  return `${pad(1970 + floorDiv(month, 12), 4)}-${pad(mod(month, 12) + 1, 2)}`;
}

/** The first and last day numbers of a month number (both inclusive). */
export function monthRange(month: number): { from: number; to: number } {
  const year = 1970 + floorDiv(month, 12);
  const m = mod(month, 12) + 1;
  return { from: dayFromCivil(year, m, 1), to: dayFromCivil(year, m + 1, 1) - 1 };
}

/** The Monday that starts a day's ISO week (1970-01-01, day 0, was a Thursday). */
function mondayOf(dayNumber: number): number {
  return dayNumber - mod(dayNumber + 3, 7);
}

/** The ISO week label of the week starting on a Monday: its year is the year of its Thursday ("2020-W53", "2025-W01"). */
function isoWeekLabel(monday: number): string {
  const thursday = monday + 3;
  const year = civilFromDay(thursday).year;
  return `${pad(year, 4)}-W${pad(floorDiv(thursday - dayFromCivil(year, 1, 1), 7) + 1, 2)}`;
}

/**
 * The periods of [fromDay, toDay] (both inclusive) at a granularity: contiguous, in order, each
 * day in exactly one, the first and last cut to the range (a range starting on a Wednesday has a
 * first "week" of five days). Empty when fromDay > toDay.
 */
export function buckets(fromDay: number, toDay: number, granularity: Granularity): Bucket[] {
  const out: Bucket[] = [];
  for (let start = fromDay; start <= toDay; ) {
    let end: number;
    let period: string;
    if (granularity === "day") {
      end = start;
      period = isoFromDay(start);
    } else if (granularity === "week") {
      const monday = mondayOf(start);
      end = monday + 6;
      period = isoWeekLabel(monday);
    } else {
      const month = monthOf(start);
      end = monthRange(month).to;
      period = monthLabel(month);
    }
    end = Math.min(end, toDay);
    out.push({ period, from: start, to: end });
    start = end + 1;
  }
  return out;
}

/**
 * A function from day number to the index of the bucket holding it (-1 outside all of them), for
 * adding counters into a series. Binary search over the buckets (in order, as `buckets` makes them):
 * a dozen comparisons even for ten years of days, and no table to build.
 */
export function bucketIndexer(list: readonly Bucket[]): (dayNumber: number) => number {
  const sorted = list.map((b) => ({ from: b.from, to: b.to }));
  return (dayNumber) => {
    let lo = 0;
    let hi = sorted.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const b = sorted[mid] as { from: number; to: number };
      if (dayNumber < b.from) hi = mid - 1;
      else if (dayNumber > b.to) lo = mid + 1;
      else return mid;
    }
    return -1;
  };
}

const IsoDate = (which: "from" | "to", example: string) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "a date as YYYY-MM-DD")
    .refine(isIsoDate, "not a real calendar date")
    .openapi({
      description: `The ${which === "from" ? "first" : "last"} day of the range, YYYY-MM-DD, inclusive, as a date in the shop's time zone (site config \`timeZone\`, default UTC)`,
      format: "date",
      example,
    });

/**
 * Query parameters of a range without a granularity (cohorts, surveys…): real dates, `to` not
 * before `from`, at most `MAX_RANGE_DAYS` days. The range checks sit on the object, and zod
 * refuses `.omit()` on refined objects: extend this one rather than omitting from `InsightsRange`.
 */
export const InsightsDates = z.object({ from: IsoDate("from", "2011-01-01"), to: IsoDate("to", "2011-03-31") }).superRefine((q, ctx) => {
  const from = parseIsoDate(q.from);
  const to = parseIsoDate(q.to);
  if (from === null || to === null) return;
  if (to < from) ctx.addIssue({ code: "custom", path: ["to"], message: "`to` is before `from`" });
  else if (to - from + 1 > MAX_RANGE_DAYS) ctx.addIssue({ code: "custom", path: ["to"], message: `the range spans ${to - from + 1} days; at most ${MAX_RANGE_DAYS} (about ten years) are allowed` });
});

/**
 * Query parameters of an insight over a range, cut into periods: `from` and `to` (inclusive, in
 * the shop's time zone) and `granularity` (default "month"). Validated here so a handler only
 * ever sees a sane, bounded range.
 */
export const InsightsRange = InsightsDates.extend({
  granularity: z.enum(GRANULARITIES).default("month").openapi({
    description: "How the series is cut: `day` (label 2011-03-04), `week` (ISO week, Monday to Sunday, label 2011-W09) or `month` (label 2011-03); the first and last periods are cut to the range",
    example: "month",
  }),
});
