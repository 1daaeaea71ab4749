import { createRouter } from "../../platform/create-router";
import { ApiError } from "../../platform/errors";
import { customerRef, customerView, eraseCustomer } from "./customers.service";
import { deleteCustomerRoute, exportCustomerRoute, getCustomerRoute, patchCustomerRoute } from "./customers.routes";
import { profileStub, siteStub } from "../../platform/stubs";

const notFound = (id: string) => new ApiError(404, "not_found", `No customer "${id}" on this site.`);

export const customers = createRouter()
  .openapi(getCustomerRoute, async (c) => {
    const { customerId } = c.req.valid("param");
    const view = await customerView(c.env, c.get("site"), customerId);
    if (!view) throw notFound(customerId);
    return c.json(view, 200);
  })
  .openapi(patchCustomerRoute, async (c) => {
    const { customerId } = c.req.valid("param");
    const site = c.get("site");
    const ref = customerRef(site.siteId, customerId);
    await profileStub(c.env, ref).setTraits(ref, c.req.valid("json"), Date.now());
    const view = await customerView(c.env, site, customerId);
    if (!view) throw notFound(customerId);
    return c.json(view, 200);
  })
  .openapi(exportCustomerRoute, async (c) => {
    const { customerId } = c.req.valid("param");
    const site = c.get("site");
    const ref = customerRef(site.siteId, customerId);
    const [data, indexed] = await Promise.all([profileStub(c.env, ref).exportAll(ref, Date.now()), siteStub(c.env, site.siteId).customer(customerId)]);
    if (data.profile.version === 0) throw notFound(customerId);
    return c.json({ exportedAt: new Date().toISOString(), siteId: site.siteId, customerId, ...data, index: indexed }, 200);
  })
  .openapi(deleteCustomerRoute, async (c) => {
    const { customerId } = c.req.valid("param");
    const result = await eraseCustomer(c.env, c.get("site").siteId, customerId);
    if (!result.existed) throw notFound(customerId);
    return c.json({ deleted: true as const, visitorsErased: result.visitorsErased }, 200);
  });
