import { ApiFailure } from "./api";
import type { Messages } from "./i18n/en";

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
  return code in t.errors ? t.errors[code] : t.errors.unknown;
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
