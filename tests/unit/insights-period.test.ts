import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  bucketIndexer,
  buckets,
  dayFromIso,
  dayOf,
  type Granularity,
  InsightsDates,
  InsightsRange,
  isIsoDate,
  isoFromDay,
  isTimeZone,
  MAX_RANGE_DAYS,
  monthLabel,
  monthOf,
  monthRange,
} from "../../worker/features/insights/period";
import { DAY_MS } from "../../worker/platform/time";

const at = (iso: string) => Date.parse(iso);
const GRANULARITIES: Granularity[] = ["day", "week", "month"];

describe("dayOf: the shop's local calendar date", () => {
  it.each([
    // Europe/London: BST starts 2026-03-29 01:00Z, ends 2026-10-25 01:00Z.
    ["2026-03-29T00:30:00Z", "Europe/London", "2026-03-29"],
    ["2026-03-28T23:59:59Z", "Europe/London", "2026-03-28"],
    ["2026-06-30T23:30:00Z", "Europe/London", "2026-07-01"],
    ["2026-10-24T22:59:59Z", "Europe/London", "2026-10-24"],
    ["2026-10-24T23:00:00Z", "Europe/London", "2026-10-25"],
    ["2026-12-31T23:59:59Z", "Europe/London", "2026-12-31"],
    // America/New_York: EST (-5) until 2026-03-08 07:00Z, then EDT (-4).
    ["2026-03-08T04:59:00Z", "America/New_York", "2026-03-07"],
    ["2026-03-08T05:00:00Z", "America/New_York", "2026-03-08"],
    ["2026-07-04T03:59:59Z", "America/New_York", "2026-07-03"],
    ["2026-07-04T04:00:00Z", "America/New_York", "2026-07-04"],
    ["2026-11-01T04:00:00Z", "America/New_York", "2026-11-01"],
    // Asia/Tehran: +03:30 all year since 2022 (DST abolished); +04:30 in summer before that.
    ["2026-01-01T20:29:59Z", "Asia/Tehran", "2026-01-01"],
    ["2026-01-01T20:30:00Z", "Asia/Tehran", "2026-01-02"],
    ["2021-06-01T19:29:59Z", "Asia/Tehran", "2021-06-01"],
    ["2021-06-01T19:30:00Z", "Asia/Tehran", "2021-06-02"],
    // Australia/Lord_Howe: +10:30 standard, +11 in (southern) summer: a half-hour DST.
    ["2026-01-15T12:59:59Z", "Australia/Lord_Howe", "2026-01-15"],
    ["2026-01-15T13:00:00Z", "Australia/Lord_Howe", "2026-01-16"],
    ["2026-07-15T13:29:59Z", "Australia/Lord_Howe", "2026-07-15"],
    ["2026-07-15T13:30:00Z", "Australia/Lord_Howe", "2026-07-16"],
    // The extremes: +14 and -11.
    ["2026-01-01T10:00:00Z", "Pacific/Kiritimati", "2026-01-02"],
    ["2026-01-01T09:59:59Z", "Pacific/Kiritimati", "2026-01-01"],
    ["2026-01-01T10:59:59Z", "Pacific/Pago_Pago", "2025-12-31"],
    ["2026-01-01T11:00:00Z", "Pacific/Pago_Pago", "2026-01-01"],
    // Nepal's +05:45 and a zone name Intl accepts in another case.
    ["2026-05-01T18:14:59Z", "Asia/Kathmandu", "2026-05-01"],
    ["2026-05-01T18:15:00Z", "Asia/Kathmandu", "2026-05-02"],
    ["2026-05-01T23:59:59Z", "UTC", "2026-05-01"],
    ["2026-05-02T00:00:00Z", "Etc/UTC", "2026-05-02"],
    ["1969-12-31T23:59:59Z", "UTC", "1969-12-31"],
  ])("%s in %s is %s", (moment, zone, date) => {
    expect(isoFromDay(dayOf(at(moment), zone))).toBe(date);
  });

  it("UTC is floor(at / DAY_MS) for any moment, the same as ICU's answer", () => {
    fc.assert(
      fc.property(fc.integer({ min: -2_208_988_800_000, max: 7_258_118_400_000 }), (t) => {
        expect(dayOf(t, "UTC")).toBe(Math.floor(t / 86_400_000));
        expect(dayOf(t, "Etc/UTC")).toBe(Math.floor(t / DAY_MS));
      }),
    );
  });

  it("never moves a moment by more than the zone's offset (±14 h): local date is UTC's or a neighbour", () => {
    const zones = ["Europe/London", "America/New_York", "Asia/Tehran", "Australia/Lord_Howe", "Pacific/Kiritimati", "Pacific/Pago_Pago"];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_800_000 }), fc.constantFrom(...zones), (t, zone) => {
        const local = dayOf(t, zone);
        expect(local).toBe(Math.floor((t + localOffsetMs(t, zone)) / DAY_MS));
      }),
    );
  });

  it("throws for a zone Intl does not know", () => {
    expect(() => dayOf(0, "Mars/Olympus_Mons")).toThrow(RangeError);
  });
});

/** The zone's offset at a moment, read from a long-offset name ("GMT+05:45"), an independent path to the local date. */
function localOffsetMs(t: number, timeZone: string): number {
  const name = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" }).formatToParts(t).find((p) => p.type === "timeZoneName")?.value ?? "GMT";
  const m = /^GMT(?:([+-])(\d{2}):(\d{2}))?$/.exec(name);
  if (!m) throw new Error(`offset ${name}`);
  if (!m[1]) return 0;
  return (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000;
}

describe("isTimeZone", () => {
  it.each([
    ["UTC", true],
    ["Europe/London", true],
    ["Asia/Tehran", true],
    ["America/Argentina/Buenos_Aires", true],
    ["Etc/GMT-3", true],
    ["Mars/Olympus_Mons", false],
    ["", false],
    ["+03:30", false],
    ["Europe/London\n", false],
    ["Not a zone", false],
  ])("%j → %s", (zone, ok) => {
    expect(isTimeZone(zone)).toBe(ok);
  });
});

describe("dayFromIso / isoFromDay", () => {
  it.each([
    ["1970-01-01", 0],
    ["1969-12-31", -1],
    ["2000-02-29", 11_016],
    ["2011-01-01", 14_975],
    ["2026-03-04", 20_516],
    ["1900-01-01", -25_567],
  ])("%s is day %d", (iso, day) => {
    expect(dayFromIso(iso)).toBe(day);
    expect(isoFromDay(day)).toBe(iso);
    expect(dayFromIso(iso)).toBe(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
  });

  it("round-trip every day of 1900–2200, one day apart, matching Date.UTC", () => {
    const first = dayFromIso("1900-01-01");
    const last = dayFromIso("2200-12-31");
    expect(last - first + 1).toBe(109_938);
    let previous = "";
    for (let d = first; d <= last; d++) {
      const iso = isoFromDay(d);
      expect(iso > previous).toBe(true);
      if (dayFromIso(iso) !== d) expect(dayFromIso(iso)).toBe(d);
      previous = iso;
    }
    fc.assert(
      fc.property(fc.integer({ min: first, max: last }), (d) => {
        expect(isoFromDay(d)).toBe(new Date(d * DAY_MS).toISOString().slice(0, 10));
      }),
    );
  });

  it.each(["2011-02-29", "2100-02-29", "2011-13-01", "2011-00-10", "2011-04-31", "2011-1-01", "20110101", "2011-01-01T00:00", ""])("%j is not a date", (s) => {
    expect(isIsoDate(s)).toBe(false);
    expect(() => dayFromIso(s)).toThrow(RangeError);
  });

  it.each(["2000-02-29", "2024-02-29", "2011-12-31"])("%s is a date", (s) => {
    expect(isIsoDate(s)).toBe(true);
  });
});

describe("months", () => {
  it.each([
    ["1970-01-01", 0, "1970-01"],
    ["1969-12-31", -1, "1969-12"],
    ["2011-01-31", 492, "2011-01"],
    ["2011-02-01", 493, "2011-02"],
    ["2026-03-04", 674, "2026-03"],
  ])("%s is month %d (%s)", (iso, month, label) => {
    expect(monthOf(dayFromIso(iso))).toBe(month);
    expect(monthLabel(month)).toBe(label);
  });

  it.each([
    [monthOf(dayFromIso("2024-02-10")), "2024-02-01", "2024-02-29"],
    [monthOf(dayFromIso("2023-02-10")), "2023-02-01", "2023-02-28"],
    [monthOf(dayFromIso("2011-12-10")), "2011-12-01", "2011-12-31"],
    [-1, "1969-12-01", "1969-12-31"],
  ])("month %d runs %s to %s", (month, from, to) => {
    expect(monthRange(month)).toEqual({ from: dayFromIso(from), to: dayFromIso(to) });
  });

  it("every day falls in its month's range", () => {
    fc.assert(
      fc.property(fc.integer({ min: -30_000, max: 80_000 }), (d) => {
        const r = monthRange(monthOf(d));
        expect(r.from <= d && d <= r.to).toBe(true);
        expect(monthLabel(monthOf(d))).toBe(isoFromDay(d).slice(0, 7));
      }),
    );
  });
});

describe("buckets", () => {
  const labels = (from: string, to: string, g: Granularity) => buckets(dayFromIso(from), dayFromIso(to), g).map((b) => [b.period, isoFromDay(b.from), isoFromDay(b.to)]);

  it.each([
    ["2020-12-31", "2020-W53"],
    ["2021-01-03", "2020-W53"],
    ["2021-01-04", "2021-W01"],
    ["2024-12-29", "2024-W52"],
    ["2024-12-30", "2025-W01"],
    ["2026-03-04", "2026-W10"],
    ["2026-01-01", "2026-W01"],
    ["2027-01-01", "2026-W53"],
    ["2011-03-04", "2011-W09"],
  ])("%s is in ISO week %s", (iso, week) => {
    expect(buckets(dayFromIso(iso), dayFromIso(iso), "week")[0]?.period).toBe(week);
  });

  it("weeks start on Monday and the ends are cut to the range", () => {
    expect(labels("2026-03-04", "2026-03-20", "week")).toEqual([
      ["2026-W10", "2026-03-04", "2026-03-08"],
      ["2026-W11", "2026-03-09", "2026-03-15"],
      ["2026-W12", "2026-03-16", "2026-03-20"],
    ]);
  });

  it("months are calendar months, cut to the range", () => {
    expect(labels("2011-01-15", "2011-03-31", "month")).toEqual([
      ["2011-01", "2011-01-15", "2011-01-31"],
      ["2011-02", "2011-02-01", "2011-02-28"],
      ["2011-03", "2011-03-01", "2011-03-31"],
    ]);
  });

  it("days are one bucket each, labelled by date", () => {
    expect(labels("2024-02-28", "2024-03-01", "day")).toEqual([
      ["2024-02-28", "2024-02-28", "2024-02-28"],
      ["2024-02-29", "2024-02-29", "2024-02-29"],
      ["2024-03-01", "2024-03-01", "2024-03-01"],
    ]);
  });

  it("an empty range has no buckets", () => {
    expect(buckets(10, 9, "day")).toEqual([]);
    expect(bucketIndexer([])(10)).toBe(-1);
  });

  it("partition the range exactly: contiguous, no overlap, each day in one bucket, which the indexer finds", () => {
    fc.assert(
      fc.property(fc.integer({ min: -25_567, max: 84_000 }), fc.integer({ min: 0, max: 800 }), fc.constantFrom(...GRANULARITIES), (from, length, g) => {
        const to = from + length;
        const list = buckets(from, to, g);
        const index = bucketIndexer(list);
        expect(list[0]?.from).toBe(from);
        expect(list.at(-1)?.to).toBe(to);
        list.forEach((b, i) => {
          const previous = list[i - 1];
          expect(b.from <= b.to).toBe(true);
          if (previous) expect(b.from).toBe(previous.to + 1);
          if (previous) expect(b.period > previous.period).toBe(true);
          if (g === "week") expect(b.to - b.from).toBeLessThanOrEqual(6);
          if (g === "month") expect(b.period).toBe(isoFromDay(b.from).slice(0, 7));
          if (g === "day") expect(b.period).toBe(isoFromDay(b.from));
        });
        for (let d = from; d <= to; d++) {
          const b = list[index(d)];
          expect(b !== undefined && b.from <= d && d <= b.to).toBe(true);
        }
        expect(index(from - 1)).toBe(-1);
        expect(index(to + 1)).toBe(-1);
      }),
      { numRuns: 200 },
    );
  });

  it("every full ISO week runs Monday to Sunday", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60_000 }), (from) => {
        for (const b of buckets(from, from + 30, "week").slice(1, -1)) {
          expect(new Date(b.from * DAY_MS).getUTCDay()).toBe(1);
          expect(b.to - b.from).toBe(6);
        }
      }),
    );
  });
});

describe("InsightsRange", () => {
  it("accepts a range and defaults granularity to month", () => {
    expect(InsightsRange.parse({ from: "2011-01-01", to: "2011-03-31" })).toEqual({ from: "2011-01-01", to: "2011-03-31", granularity: "month" });
    expect(InsightsRange.parse({ from: "2011-01-01", to: "2011-01-01", granularity: "week" }).granularity).toBe("week");
  });

  it.each([
    [{ from: "2011-02-30", to: "2011-03-31" }, "from", "not a real calendar date"],
    [{ from: "2011-1-1", to: "2011-03-31" }, "from", "YYYY-MM-DD"],
    [{ from: "2011-03-31", to: "2011-01-01" }, "to", "before `from`"],
    [{ from: "2011-01-02", to: "2011-01-01" }, "to", "before `from`"],
    [{ from: "2000-01-01", to: "2010-01-08" }, "to", `at most ${MAX_RANGE_DAYS}`],
    [{ from: "2011-01-01", to: "2011-03-31", granularity: "year" }, "granularity", ""],
  ])("refuses %j at %s", (query, path, message) => {
    const r = InsightsRange.safeParse(query);
    expect(r.success).toBe(false);
    expect(r.error?.issues.some((i) => i.path[0] === path && i.message.includes(message))).toBe(true);
  });

  it("allows exactly MAX_RANGE_DAYS days, counting both ends", () => {
    const from = dayFromIso("2000-01-01");
    expect(InsightsRange.safeParse({ from: "2000-01-01", to: isoFromDay(from + MAX_RANGE_DAYS - 1) }).success).toBe(true);
    expect(InsightsRange.safeParse({ from: "2000-01-01", to: isoFromDay(from + MAX_RANGE_DAYS) }).success).toBe(false);
  });

  it("InsightsDates extends into other queries and keeps the range checks", () => {
    const Q = InsightsDates.extend({ table: InsightsRange.shape.granularity });
    expect(Q.safeParse({ from: "2011-03-31", to: "2011-01-01" }).success).toBe(false);
    expect(Q.parse({ from: "2011-01-01", to: "2011-01-31" })).toEqual({ from: "2011-01-01", to: "2011-01-31", table: "month" });
  });
});
