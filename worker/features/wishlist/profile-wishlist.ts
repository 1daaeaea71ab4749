import { bestEffort } from "../../platform/best-effort";
import { siteStub } from "../../platform/stubs";
import type { ProfileState } from "../customers/profile";
import type { ProfileHost } from "../customers/profile-host";
import type { ProfileRef } from "../customers/profile-types";
import { saveItem, unsaveItem, type SavedItem, type SaveOutcome } from "./wishlist";

/** What saving or unsaving answers: the outcome and the list as stored now. */
export interface SavedListResult {
  outcome: SaveOutcome | "removed" | "not_saved";
  saved: SavedItem[];
}

/**
 * The saved list inside one shopper's Profile object (kept on the profile like the cart, so it
 * follows a customer to every device and leaves with the profile on erasure). A customer's list
 * is mirrored into the Site's savers index (saver-book.ts) after each change, for the fan-out.
 */
export class ProfileWishlist {
  constructor(private readonly host: Pick<ProfileHost, "env" | "load" | "save">) {}

  /** Saves a product; a full list stores nothing ("full", the handler's 409). */
  async save(ref: ProfileRef, item: SavedItem, now: number): Promise<SavedListResult> {
    const p = this.host.load(ref, now);
    const { list, outcome } = saveItem(p.saved ?? [], item);
    if (outcome === "saved") {
      p.saved = list;
      this.host.save(p);
    }
    // Also when nothing changed: a retried save mends a mirror an earlier call failed to write.
    await indexSavers(this.host, p);
    return { outcome, saved: list };
  }

  /** Removes a product from the list (unsaving what is not saved changes nothing). */
  async unsave(ref: ProfileRef, productId: string, now: number): Promise<SavedListResult> {
    const p = this.host.load(ref, now);
    const { list, removed } = unsaveItem(p.saved ?? [], productId);
    if (removed) {
      p.saved = list;
      this.host.save(p);
    }
    await indexSavers(this.host, p);
    return { outcome: removed ? "removed" : "not_saved", saved: list };
  }
}

/**
 * Mirrors a customer's saved products into the Site's savers index (visitors are not indexed: the
 * shop cannot reach them). Carries the profile version, so a late mirror never undoes a newer one;
 * best effort: the list on the profile is the truth, and the next change mirrors it again.
 */
export async function indexSavers(host: Pick<ProfileHost, "env">, p: ProfileState): Promise<void> {
  if (p.kind !== "customer") return;
  const ids = (p.saved ?? []).map((i) => i.productId);
  await bestEffort("wishlist savers index", () => siteStub(host.env, p.siteId).syncSavers(p.id, ids, p.version));
}
