import type { Referrals, RewardCodes } from "../loyalty/site-loyalty";
import type { CustomerIndex } from "../segments/customer-index";
import type { PlatformOrders } from "../orders/platform-orders";
import type { SiteRecs } from "../recommendations/site-recs";
import type { SaverBook } from "../wishlist/saver-book";

/** The Site tables that hold something about a customer. */
export interface SiteCustomerTables {
  referrals: Referrals;
  codes: RewardCodes;
  orders: PlatformOrders;
  index: CustomerIndex;
  /** Null before the site exists (nothing was learnt). */
  recs: SiteRecs | null;
  /** The wishlist's savers index (features/wishlist/saver-book.ts). */
  savers: Pick<SaverBook, "forgetCustomer">;
}

/**
 * Erasure on the Site (the Site's part of SECURITY.md, Privacy: export and erasure): referral links, the customer's
 * name on issued reward codes, platform order links, what recommendations remember of their
 * purchases, the products they saved, and the index row. Returns whether they were indexed, and the referrer whose
 * counts changed (to tell, once this is persisted).
 */
export function eraseSiteCustomer(t: SiteCustomerTables, customerId: string): { removed: boolean; referrer: string | null } {
  const referrer = t.referrals.forget(customerId);
  t.codes.forgetCustomer(customerId);
  t.orders.forgetCustomer(customerId);
  t.recs?.forgetCustomer(customerId);
  t.savers.forgetCustomer(customerId);
  return { removed: t.index.remove(customerId), referrer };
}
