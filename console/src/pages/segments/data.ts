import { useEffect, useRef, useState } from "preact/hooks";
import { ApiFailure, getV1, request } from "../../api";

/**
 * What the segments page reads from the public API: `GET /v1/segments` (today's counts),
 * `GET /v1/segments/history` (one row a day), `GET /v1/segments/{id}/customers` (members, paged)
 * and `POST /v1/segments/preview` (a draft rule's would-be count).
 */

/** One segment as `GET /v1/segments` lists it. */
export interface SegmentRow {
  id: string;
  kind: "lifecycle" | "rfm" | "rule";
  name: string;
  members: number;
}

/** One recorded day of `GET /v1/segments/history`. */
export interface HistoryDay {
  day: string;
  counts: Record<string, number>;
}

/** One member as the members route returns it (the index entry; only what the table shows). */
export interface Member {
  customerId: string;
  email: string | null;
  firstName: string | null;
  orders: number;
  stage: string;
}

/** The would-be count of a draft rule. */
export interface Preview {
  matching: number;
  total: number;
  exact: boolean;
  sample: { customerId: string; email: string | null; firstName: string | null }[];
}

/** How far back the trend reaches. */
export const TREND_DAYS = 90;

const DAY_MS = 86_400_000;
const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);

/** Today's counts and the last {@link TREND_DAYS} days of history, loaded together. */
export async function loadSegments(now: number): Promise<{ segments: SegmentRow[]; days: HistoryDay[]; today: string }> {
  const today = isoDay(now);
  const [list, history] = await Promise.all([
    getV1<{ segments: SegmentRow[] }>("segments"),
    getV1<{ days: HistoryDay[] }>("segments/history", { from: isoDay(now - (TREND_DAYS - 1) * DAY_MS), to: today }),
  ]);
  return { segments: list.segments, days: history.days, today };
}

/** One segment's points for a trend: every recorded day it existed, then today's live count (replacing a record of today). */
export function trendOf(id: string, days: HistoryDay[], today: string, live: number): { day: string; value: number }[] {
  const points = days.filter((d) => d.day !== today && d.counts[id] !== undefined).map((d) => ({ day: d.day, value: d.counts[id] ?? 0 }));
  return [...points, { day: today, value: live }];
}

/** A page of a segment's members after `cursor`. */
export function loadMembers(id: string, cursor: string | null): Promise<{ customers: Member[]; nextCursor: string | null }> {
  return getV1(`segments/${encodeURIComponent(id)}/customers`, { limit: 25, cursor: cursor ?? undefined });
}

/** Where the preview of a draft rule stands. */
export type PreviewState = { phase: "idle" } | { phase: "checking" } | { phase: "done"; preview: Preview } | { phase: "invalid" } | { phase: "failed" };

/** How long typing must pause before the preview asks again. */
export const PREVIEW_DEBOUNCE_MS = 400;

/**
 * The would-be count of `segment`, asked again {@link PREVIEW_DEBOUNCE_MS} after it last changed;
 * only the latest question's answer is shown (an earlier, slower answer is dropped). `null`
 * (no segment being edited, or a draft the page already knows is invalid) asks nothing.
 */
export function useRulePreview(segment: unknown | null): PreviewState {
  const [state, setState] = useState<PreviewState>({ phase: "idle" });
  const asked = useRef(0);
  const key = segment === null ? null : JSON.stringify(segment);
  useEffect(() => {
    const ticket = ++asked.current;
    if (key === null) {
      setState({ phase: "idle" });
      return;
    }
    setState({ phase: "checking" });
    const timer = setTimeout(() => {
      request<Preview>("POST", "/v1/segments/preview", { segment: JSON.parse(key) })
        .then((preview) => ticket === asked.current && setState({ phase: "done", preview }))
        .catch((e) => ticket === asked.current && setState({ phase: e instanceof ApiFailure && e.status === 400 ? "invalid" : "failed" }));
    }, PREVIEW_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [key]);
  return state;
}
