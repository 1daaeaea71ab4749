/**
 * Durations in milliseconds, the unit of every timestamp in Revisit (`Date.now()`, stored `at`s).
 * One definition, so a "day" can never mean two things. Pure code never reads the clock: it is
 * handed `now` by the route or object that called it.
 */
export const SECOND_MS = 1_000;
export const MINUTE_MS = 60 * SECOND_MS;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** A stored timestamp as the API shows it: ISO 8601, or null when there is none (null or 0). */
export const isoOrNull = (ms: number | null | undefined): string | null => (ms ? new Date(ms).toISOString() : null);
