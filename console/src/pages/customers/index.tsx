import type { PageProps } from "../../layout";
import { CustomerPage } from "./customer";
import { CustomerList } from "./list";

/**
 * The customers section: `/admin/customers` lists and searches the shop's customers,
 * `/admin/customers/<id>` (the route's parameter) shows one of them. Keyed by the id, so moving
 * from one customer to another starts from a clean page.
 */
export function Page(props: PageProps) {
  return props.param ? <CustomerPage key={props.param} id={props.param} /> : <CustomerList />;
}
