import type { AppRouteHandler } from "../../platform/create-router";
import { ApiError } from "../../platform/errors";
import { profileStub, siteStub } from "../../platform/stubs";
import { isoOrNull } from "../../platform/time";
import { customerRef, customerView, eraseCustomer } from "./customers.service";
import type { deleteCustomerRoute, exportCustomerRoute, getCustomerRoute, listCustomersRoute, patchCustomerRoute } from "./customers.routes";

const notFound = (id: string) => new ApiError(404, "not_found", `No customer "${id}" on this site.`);

/** Answers with the customer's profile view, or 404 when the site has never seen them. */
export const getCustomer: AppRouteHandler<typeof getCustomerRoute> = async (c) => {
  const { customerId } = c.req.valid("param");
  const view = await customerView(c.env, c.get("site"), customerId);
  if (!view) throw notFound(customerId);
  return c.json(view, 200);
};

/** Stores the given traits on the customer's profile (creating it) and answers with the new view. */
export const patchCustomer: AppRouteHandler<typeof patchCustomerRoute> = async (c) => {
  const { customerId } = c.req.valid("param");
  const site = c.get("site");
  const ref = customerRef(site.siteId, customerId);
  await profileStub(c.env, ref).setTraits(ref, c.req.valid("json"), Date.now());
  const view = await customerView(c.env, site, customerId);
  if (!view) throw notFound(customerId);
  return c.json(view, 200);
};

/** Gathers the profile object's full export and the site index entry into one GDPR access answer. */
export const exportCustomer: AppRouteHandler<typeof exportCustomerRoute> = async (c) => {
  const { customerId } = c.req.valid("param");
  const site = c.get("site");
  const ref = customerRef(site.siteId, customerId);
  const [data, indexed] = await Promise.all([profileStub(c.env, ref).exportAll(ref, Date.now()), siteStub(c.env, site.siteId).customer(customerId)]);
  if (data.profile.version === 0) throw notFound(customerId);
  return c.json({ exportedAt: new Date().toISOString(), siteId: site.siteId, customerId, ...data, index: indexed }, 200);
};

/** Erases the customer everywhere, or 404 when there was nothing to erase. */
export const deleteCustomer: AppRouteHandler<typeof deleteCustomerRoute> = async (c) => {
  const { customerId } = c.req.valid("param");
  const result = await eraseCustomer(c.env, c.get("site").siteId, customerId);
  if (!result.existed) throw notFound(customerId);
  return c.json({ deleted: true as const, visitorsErased: result.visitorsErased }, 200);
};

/** A page of the site's customers from its index, by id or email prefix when asked. */
export const listCustomers: AppRouteHandler<typeof listCustomersRoute> = async (c) => {
  const { query, cursor, limit } = c.req.valid("query");
  const page = await siteStub(c.env, c.get("site").siteId).listCustomers(query ?? null, cursor ?? null, limit);
  const customers = page.customers.map((e) => ({
    customerId: e.customerId,
    email: e.email,
    firstName: e.firstName,
    stage: e.stage,
    orders: e.orders,
    spend: e.spend,
    points: e.points,
    tier: e.tier ?? null,
    lastSeen: isoOrNull(e.lastSeen),
    lastOrderAt: isoOrNull(e.lastOrderAt),
  }));
  return c.json({ customers, nextCursor: page.nextCursor }, 200);
};
