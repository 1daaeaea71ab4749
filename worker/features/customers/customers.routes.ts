import { createRoute, z } from "@hono/zod-openapi";
import { Id, errorResponses } from "../../platform/schemas";
import { Traits } from "./shopper.schemas";

const params = z.object({ customerId: Id });
const Profile = z.record(z.string(), z.unknown()).openapi("CustomerProfile");
const security = [{ secretKey: [] }];

/** GET /v1/customers/{customerId}: the shop reads what Revisit knows about one customer. */
export const getCustomerRoute = createRoute({
  method: "get",
  path: "/v1/customers/{customerId}",
  operationId: "getCustomer",
  tags: ["Server"],
  summary: "A customer's profile",
  description: "Traits, visits, last seen, cart, products saved for later, loyalty (points, tier, next tier, progress), survey answers, segments, lifecycle stage.",
  security,
  request: { params },
  responses: { 200: { description: "The profile", content: { "application/json": { schema: Profile } } }, ...errorResponses(400, 401, 403, 404) },
});

/** PATCH /v1/customers/{customerId}: the shop sets traits it knows better than the browser. */
export const patchCustomerRoute = createRoute({
  method: "patch",
  path: "/v1/customers/{customerId}",
  operationId: "setCustomerTraits",
  tags: ["Server"],
  summary: "Set traits",
  description: "Only the given traits change; `null` clears one. Creates the profile if the customer is new.",
  security,
  request: { params, body: { required: true, content: { "application/json": { schema: Traits } } } },
  responses: { 200: { description: "The updated profile", content: { "application/json": { schema: Profile } } }, ...errorResponses(400, 401, 403) },
});

/** GET /v1/customers/{customerId}/export: everything held about a customer, for GDPR access requests. */
export const exportCustomerRoute = createRoute({
  method: "get",
  path: "/v1/customers/{customerId}/export",
  operationId: "exportCustomer",
  tags: ["Server"],
  summary: "Everything held about a customer (GDPR access)",
  security,
  request: { params },
  responses: { 200: { description: "The export", content: { "application/json": { schema: z.record(z.string(), z.unknown()) } } }, ...errorResponses(400, 401, 403, 404) },
});

/** DELETE /v1/customers/{customerId}: GDPR erasure of a customer and the visitors merged into them. */
export const deleteCustomerRoute = createRoute({
  method: "delete",
  path: "/v1/customers/{customerId}",
  operationId: "eraseCustomer",
  tags: ["Server"],
  summary: "Erase a customer (GDPR erasure)",
  description: "Removes the profile, the anonymous profiles merged into it and the site index entry.",
  security,
  request: { params },
  responses: {
    200: { description: "Erased", content: { "application/json": { schema: z.object({ deleted: z.literal(true), visitorsErased: z.number().int() }) } } },
    ...errorResponses(400, 401, 403, 404),
  },
});

/** One row of the customer list: what a shop scans a list for, from the site's index (no profile is woken). */
const CustomerRow = z
  .object({
    customerId: z.string(),
    email: z.string().nullable(),
    firstName: z.string().nullable(),
    stage: z.string().openapi({ description: "Lifecycle stage (new, active, loyal, at_risk, lapsed, …)" }),
    orders: z.number().int(),
    spend: z.number(),
    points: z.number().int().openapi({ description: "Spendable points" }),
    tier: z.string().nullable().openapi({ description: "Loyalty tier id" }),
    lastSeen: z.string().nullable().openapi({ description: "Last visit seen by the widget (ISO 8601); null when never" }),
    lastOrderAt: z.string().nullable(),
  })
  .openapi("CustomerListRow");

/** GET /v1/customers: the shop's customers, paged, optionally searched by id or email. */
export const listCustomersRoute = createRoute({
  method: "get",
  path: "/v1/customers",
  operationId: "listCustomers",
  tags: ["Server"],
  summary: "List and search customers",
  description:
    "Customers in id order, `limit` at a time; pass `nextCursor` back as `cursor` for the next page. With `query`, only customers whose id starts with it or whose email starts with it (any case). Read from the site's customer index: anonymous visitors who never identified are not listed.",
  security,
  request: {
    query: z.object({
      query: z.string().trim().min(1).max(200).optional().openapi({ description: "An id or email prefix, e.g. `sara@` or `cust-20`" }),
      cursor: Id.optional().openapi({ description: "`nextCursor` of the previous page" }),
      limit: z.coerce.number().int().min(1).max(100).default(25),
    }),
  },
  responses: {
    200: { description: "A page of customers", content: { "application/json": { schema: z.object({ customers: z.array(CustomerRow), nextCursor: z.string().nullable() }).openapi("CustomerList") } } },
    ...errorResponses(400, 401, 403),
  },
});
