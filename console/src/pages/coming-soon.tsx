import { useI18n } from "../i18n/i18n";

/** A section that is not built yet says so plainly (never sample data that could be mistaken for the shop's). */
export function ComingSoon(props: { title: string }) {
  const { t } = useI18n();
  return (
    <section class="page">
      <h1 tabIndex={-1}>{props.title}</h1>
      <p>{t.comingSoon}</p>
      <p class="muted">{t.comingSoonHint}</p>
    </section>
  );
}
