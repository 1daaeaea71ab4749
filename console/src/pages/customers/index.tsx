import { useI18n } from "../../i18n/i18n";
import type { PageProps } from "../../layout";
import { ComingSoon } from "../coming-soon";

/** Placeholder until this page is built. */
export function Page(_: PageProps) {
  const { t } = useI18n();
  return <ComingSoon title={t.nav.customers} />;
}
