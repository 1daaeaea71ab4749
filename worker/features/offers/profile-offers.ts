import { randomToken } from "../../platform/crypto";
import type { Sql } from "../../platform/sql";
import { codeExpiry, type IssuedOffer, type Occasion, type OfferRule } from "./offers";

/** An occasion without a code (pool empty, mint webhook down) asks again at most this often: the shop may refill the pool. */
const RETRY_MS = 60 * 60_000;

/** An offer rule with how its codes are delivered (the site config's OfferDef). */
export type OfferDelivery = OfferRule & { delivery: "pool" | "webhook"; webhookUrl: string | null };

/** Fetches a code for one issue of an offer (the Site's pool or the shop's mint webhook); null when none. */
export type CodeSource = (offer: OfferDelivery, issueId: string) => Promise<string | null>;

interface Row {
  offer_id: string;
  occasion: string;
  issue_id: string;
  code: string | null;
  issued_at: number;
  expires_at: number | null;
  tried_at: number;
  [k: string]: SqlStorageValue;
}

/**
 * The offer codes of one shopper, kept on their Profile object: one per occasion (features/offers/offers.ts
 * decides which occasions apply), the same code on every experience until it expires, erased
 * with the profile.
 */
export class OfferBook {
  /** Issues in flight, so two tabs asking at once share one code instead of racing for two. */
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(private readonly sql: Sql) {}

  /** Every offer issued to this shopper, newest first (customer API and export). */
  all(): { offerId: string; occasion: string; code: string | null; issuedAt: string; expiresAt: string | null }[] {
    return this.sql<Row>`SELECT * FROM offers_issued ORDER BY issued_at DESC`.map((r) => ({
      offerId: r.offer_id,
      occasion: r.occasion,
      code: r.code,
      issuedAt: new Date(r.issued_at).toISOString(),
      expiresAt: r.expires_at !== null ? new Date(r.expires_at).toISOString() : null,
    }));
  }

  /**
   * The codes for the given occasions (decided by features/offers/offers.ts from the profile): the one
   * issued before for each, or a new one for an occasion seen for the first time.
   */
  async issue(occasions: readonly Occasion[], rules: readonly OfferDelivery[], now: number, source: CodeSource): Promise<IssuedOffer[]> {
    const out: IssuedOffer[] = [];
    for (const o of occasions) {
      const rule = rules.find((r) => r.id === o.offerId);
      if (rule && o.needsCode) out.push(await this.issueOne(rule, o, now, source));
    }
    return out;
  }

  /** The occasion's code: the one issued before, or a new one (retried hourly while none can be had). */
  private async issueOne(rule: OfferDelivery, o: Occasion, now: number, source: CodeSource): Promise<IssuedOffer> {
    const key = `${o.offerId}\n${o.key}`;
    const pending = this.inFlight.get(key);
    if (pending) await pending;
    let row = this.row(o);
    if (!row) {
      this.sql`INSERT INTO offers_issued (offer_id, occasion, issue_id, code, issued_at, expires_at, tried_at) VALUES (${o.offerId}, ${o.key}, ${randomToken("oi_", 12)}, NULL, ${now}, NULL, 0)`;
      row = this.row(o) as Row;
    }
    if (row.code === null && now - row.tried_at >= RETRY_MS) {
      const issueId = row.issue_id;
      const attempt = (async () => {
        const code = await source(rule, issueId).catch(() => null);
        if (code !== null)
          this.sql`UPDATE offers_issued SET code = ${code}, issued_at = ${now}, expires_at = ${codeExpiry(rule, now)}, tried_at = ${now} WHERE offer_id = ${o.offerId} AND occasion = ${o.key}`;
        else this.sql`UPDATE offers_issued SET tried_at = ${now} WHERE offer_id = ${o.offerId} AND occasion = ${o.key}`;
      })();
      this.inFlight.set(key, attempt);
      try {
        await attempt;
      } finally {
        this.inFlight.delete(key);
      }
      row = this.row(o) as Row;
    }
    return issuedOf(row);
  }

  private row(o: Occasion): Row | undefined {
    return this.sql<Row>`SELECT * FROM offers_issued WHERE offer_id = ${o.offerId} AND occasion = ${o.key}`[0];
  }
}

const issuedOf = (r: Row): IssuedOffer => ({ offerId: r.offer_id, occasion: r.occasion, code: r.code, issuedAt: r.issued_at, expiresAt: r.expires_at });
