/**
 * The customer the shop vouches for: `POST /v1/identify` merges this visitor into the customer's
 * profile once per customer per device (`revisit:identified`); a refused identity means anonymous.
 */
import type { RevisitError } from "../shared/contract";
import { request } from "./api";
import { emit, fail } from "./bus";
import { parseCustomer, type Customer } from "./config";
import { refresh } from "./render";
import { K, type Session } from "./state";
import { storage } from "./storage";

/** What `revisit.identify()` takes: the shop's customer id and its HMAC (SECURITY.md). */
export interface IdentifyInput {
  id: string;
  hash: string;
  expires?: number;
  firstName?: string;
  email?: string;
}

/** The identify request's body: the optional fields only when the shop gave them. Pure. */
export function identifyBody(c: Customer): Record<string, unknown> {
  const body: Record<string, unknown> = { customerId: c.id, hash: c.hash };
  if (c.expires) body.expires = c.expires;
  if (c.firstName) body.firstName = c.firstName;
  if (c.email) body.email = c.email;
  return body;
}

/** Identifies `c` (one request at a time per customer); false, and anonymous again after a 4xx, when refused. */
export function identify(s: Session, c: Customer): Promise<boolean> {
  if (s.identifying && s.identifying.id === c.id) return s.identifying.p;
  const p = request(s, "/v1/identify", identifyBody(c)).then(
    () => {
      storage.set(K.idf, c.id);
      emit(s, "identify", { customerId: c.id });
      return true;
    },
    (e: RevisitError) => {
      if (e.status && e.status < 500 && s.customer === c) s.customer = null;
      fail(s, e);
      return false;
    },
  );
  s.identifying = { id: c.id, p };
  void p.then(() => {
    if (s.identifying?.p === p) s.identifying = null;
  });
  return p;
}

/**
 * `revisit.identify()`: the customer from now on (sent once consent is given); re-renders for them once identified.
 * The customer the page already vouches for (script tag or an earlier call) is merged and drawn once per page, not
 * once per way of saying it: a merge on its way is followed by its own refresh, a session not started yet (calls
 * queued in `revisitQ`) refreshes after this merge itself, and one merged on this device needs neither again.
 */
export function login(s: Session, c: IdentifyInput): Promise<boolean> {
  const parsed = parseCustomer(c || {});
  if (!parsed) {
    fail(s, { code: "invalid_identity", message: "identify() needs { id, hash }" });
    return Promise.resolve(false);
  }
  const was = s.customer;
  const same = was && was.id === parsed.id && was.firstName === parsed.firstName && was.email === parsed.email;
  s.customer = parsed;
  if (!s.consent) return Promise.resolve(false); // sent with the rest once consent is given
  // identify() shares a merge on its way; whoever started it refreshes after it (a session not started yet, too).
  const merged = same && storage.get(K.idf) === parsed.id ? Promise.resolve(true) : identify(s, parsed);
  return s.running && !same ? merged.then(async (ok) => (ok && (await refresh(s)), ok)) : merged;
}
