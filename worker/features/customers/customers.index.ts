import { createRouter } from "../../platform/create-router";
import * as handlers from "./customers.handlers";
import * as routes from "./customers.routes";

/** Server-side customer profiles (read, traits, GDPR export and erasure), behind the secret key. */
export const customers = createRouter()
  .openapi(routes.listCustomersRoute, handlers.listCustomers)
  .openapi(routes.getCustomerRoute, handlers.getCustomer)
  .openapi(routes.patchCustomerRoute, handlers.patchCustomer)
  .openapi(routes.exportCustomerRoute, handlers.exportCustomer)
  .openapi(routes.deleteCustomerRoute, handlers.deleteCustomer);
