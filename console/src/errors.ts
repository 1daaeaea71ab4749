import { ApiFailure } from "./api";
import type { Messages } from "./i18n/en";
import type { DraftIssue } from "./config/site-config";

type Code = keyof Messages["errors"];

/**
 * The one place an API error becomes words for a shop owner: by the contract's error code
 * (worker/platform/errors.ts), never by the English message, so every language gets its own text.
 * A 403 is "your role cannot" (viewers writing), except a failed CSRF check, which a reload fixes.
 */
export function errorMessage(t: Messages, error: unknown): string {
  if (!(error instanceof ApiFailure)) return t.errors.unknown;
  const code = error.code as Code;
  if (error.status === 403 && code !== "csrf_failed") return t.errors.forbidden;
  const text = code in t.errors ? t.errors[code] : null;
  return typeof text === "string" ? text : t.errors.unknown;
}

/**
 * Field issues of a 400 keyed by the field's path ("siteId", "loyalty.tiers.0.name"), so a form
 * shows each message under its own input. The server's message is kept as is (it names the rule).
 */
export function fieldErrors(error: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(error instanceof ApiFailure)) return out;
  for (const issue of error.issues) {
    const key = issue.path.join(".");
    out[key] ??= issue.message;
  }
  return out;
}

/**
 * One form field's problem in the page's language, from zod's issue code and bound (the same
 * codes whether the browser's check or the API's found it). Rules written for Revisit
 * (`custom`, e.g. "a segment id", "unknown segment") keep their own English message.
 */
export function issueText(t: Messages, issue: Pick<DraftIssue, "code" | "message" | "limit" | "origin">): string {
  const e = t.errors.issues;
  const n = issue.limit === undefined ? "" : String(issue.limit);
  const many = issue.origin === "array" || issue.origin === "set";
  const text = issue.origin === "string";
  switch (issue.code) {
    case "invalid_type":
      return /received undefined/.test(issue.message) ? t.errors.required : e.type;
    case "too_small":
      return text ? (n === "1" ? t.errors.required : e.tooShort(n)) : many ? e.tooFew(n) : e.tooSmall(n);
    case "too_big":
      return text ? e.tooLong(n) : many ? e.tooMany(n) : e.tooBig(n);
    case "invalid_format":
      return e.format;
    case "invalid_value":
      return e.choice;
    default:
      return issue.message;
  }
}
