import type { Sql } from "../../platform/sql";
import { DAY_MS, HOUR_MS } from "../../platform/time";

/**
 * The console's sessions and staff, as the SiteObject keeps them in SQL (README.md, Design notes:
 * "Console sessions live in the shop's own object"). Only SHA-256 hashes of session and invite
 * tokens are stored, so a leaked object dump opens nothing. Every method is handed `now`.
 */

/** What a console user may do: `owner` everything, `editor` every change but staff, `viewer` reads only. */
export type ConsoleRole = "owner" | "editor" | "viewer";
/** The roles an invite can give (there is one owner: whoever holds the secret key or the admin token). */
export type StaffRole = Exclude<ConsoleRole, "owner">;

/** A session lasts this long from sign-in (the cookie's Max-Age says the same); no sliding renewal. */
export const SESSION_TTL_MS = 12 * HOUR_MS;
/** An invite token signs its staff member in until this long after it was issued (or until revoked). */
export const INVITE_TTL_MS = 7 * DAY_MS;

/** The actor of a session opened with the site's secret key: such sessions end with that key (see `endWithKeys`). */
export const SECRET_KEY_OWNER = "owner (secret key)";

/** One live session, as the auth middleware needs it. */
export interface SessionRecord {
  role: ConsoleRole;
  /** Who, for the audit log: "owner (secret key)", "operator (admin token)" or the staff email. */
  actor: string;
  staffId: string | null;
  /** The CSRF token the console echoes in `X-Revisit-CSRF` (useless without the HttpOnly cookie). */
  csrf: string;
  expiresAt: number;
}

/** A staff member as `GET /v1/staff` lists them (never their invite token). */
export interface StaffMember {
  id: string;
  email: string;
  role: StaffRole;
  invitedAt: number;
  inviteExpiresAt: number;
}

/** A new session's secrets: the hash of its token and its CSRF token. */
export interface NewSession {
  hash: string;
  csrf: string;
}

/** Who a session is opened for: an owner (named) or whoever holds a staff invite (by its hash). */
export type SessionSubject = { owner: string } | { inviteHash: string };

type SessionRow = { role: string; actor: string; staff_id: string | null; csrf: string; expires_at: number };
type StaffRow = { id: string; email: string; role: string; invited_at: number; invite_expires_at: number };

const member = (r: StaffRow): StaffMember => ({ id: r.id, email: r.email, role: r.role as StaffRole, invitedAt: r.invited_at, inviteExpiresAt: r.invite_expires_at });

/** The `console_sessions` and `console_staff` tables of one SiteObject. */
export class ConsoleSessions {
  constructor(private readonly sql: Sql) {}

  /**
   * Keys were rotated: sessions opened with a secret key end no later than the old keys do. A key
   * rotated because it leaked must not leave a 12-hour session behind it; staff and operator
   * sessions never depended on that key and stay.
   */
  endWithKeys(oldKeysEnd: number): number {
    return this.sql`UPDATE console_sessions SET expires_at = ${oldKeysEnd}
      WHERE staff_id IS NULL AND actor = ${SECRET_KEY_OWNER} AND expires_at > ${oldKeysEnd} RETURNING hash`.length;
  }

  /**
   * Opens a session for an owner, or for the staff member whose invite hash is live (null when it
   * is unknown, expired or revoked). Expired sessions of the site are pruned on the way.
   */
  open(s: NewSession, subject: SessionSubject, now: number): SessionRecord | null {
    this.sql`DELETE FROM console_sessions WHERE expires_at <= ${now}`;
    let grant: Pick<SessionRecord, "role" | "actor" | "staffId">;
    if ("owner" in subject) grant = { role: "owner", actor: subject.owner, staffId: null };
    else {
      const staff = this.byInvite(subject.inviteHash, now);
      if (!staff) return null;
      grant = { role: staff.role, actor: staff.email, staffId: staff.id };
    }
    const expiresAt = now + SESSION_TTL_MS;
    this.sql`INSERT INTO console_sessions (hash, role, actor, staff_id, csrf, created_at, expires_at)
      VALUES (${s.hash}, ${grant.role}, ${grant.actor}, ${grant.staffId}, ${s.csrf}, ${now}, ${expiresAt})`;
    return { ...grant, csrf: s.csrf, expiresAt };
  }

  /** The live session with this token hash; an expired one is deleted and answers null. */
  get(hash: string, now: number): SessionRecord | null {
    const r = this.sql<SessionRow>`SELECT role, actor, staff_id, csrf, expires_at FROM console_sessions WHERE hash = ${hash}`[0];
    if (!r) return null;
    if (r.expires_at <= now) {
      this.sql`DELETE FROM console_sessions WHERE hash = ${hash}`;
      return null;
    }
    return { role: r.role as ConsoleRole, actor: r.actor, staffId: r.staff_id, csrf: r.csrf, expiresAt: r.expires_at };
  }

  /** Signs a session out; false when there was none. */
  close(hash: string): boolean {
    return this.sql`DELETE FROM console_sessions WHERE hash = ${hash} RETURNING hash`.length > 0;
  }

  /**
   * Invites `email` (lower-cased) with `role`. Inviting an email again replaces its invite (the old
   * token stops working), keeps its id, takes the new role and signs out its sessions.
   */
  invite(id: string, email: string, role: StaffRole, inviteHash: string, now: number): StaffMember {
    const row = this.sql<StaffRow>`INSERT INTO console_staff (id, email, role, invite_hash, invited_at, invite_expires_at)
      VALUES (${id}, ${email.toLowerCase()}, ${role}, ${inviteHash}, ${now}, ${now + INVITE_TTL_MS})
      ON CONFLICT (email) DO UPDATE SET role = excluded.role, invite_hash = excluded.invite_hash, invited_at = excluded.invited_at, invite_expires_at = excluded.invite_expires_at
      RETURNING id, email, role, invited_at, invite_expires_at`[0];
    if (!row) throw new Error("console_staff upsert returned no row");
    this.sql`DELETE FROM console_sessions WHERE staff_id = ${row.id}`;
    return member(row);
  }

  /** Every staff member, by email. */
  staff(): StaffMember[] {
    return this.sql<StaffRow>`SELECT id, email, role, invited_at, invite_expires_at FROM console_staff ORDER BY email`.map(member);
  }

  /** Removes a staff member and every session they hold; null when there was no such member. */
  remove(id: string): StaffMember | null {
    const row = this.sql<StaffRow>`DELETE FROM console_staff WHERE id = ${id} RETURNING id, email, role, invited_at, invite_expires_at`[0];
    if (!row) return null;
    this.sql`DELETE FROM console_sessions WHERE staff_id = ${id}`;
    return member(row);
  }

  private byInvite(inviteHash: string, now: number): StaffMember | null {
    const row = this.sql<StaffRow>`SELECT id, email, role, invited_at, invite_expires_at FROM console_staff WHERE invite_hash = ${inviteHash} AND invite_expires_at > ${now}`[0];
    return row ? member(row) : null;
  }
}
