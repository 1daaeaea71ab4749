import { useState } from "preact/hooks";
import { useSiteConfig } from "../../config/site-config";
import { errorMessage } from "../../errors";
import { SaveBar } from "../../forms/save-bar";
import { useI18n, usePageMessages } from "../../i18n/i18n";
import type { PageProps } from "../../layout";
import { DeliveryList } from "./deliveries";
import { Endpoints } from "./endpoints";
import { messages } from "./messages";
import { TestSend } from "./test-send";

/**
 * The webhooks page: where Revisit sends events (endpoints and the events each gets, saved in the
 * site configuration), a test event to check an endpoint, the delivery log, and the dead letters
 * with Replay. Everything goes through the public `/v1` API; viewers read and change nothing.
 */
export function Page(_: PageProps) {
  const page = usePageMessages(messages);
  const { t } = useI18n();
  const cfg = useSiteConfig();
  // Bumped when the outbox changed (a test was sent, a dead letter replayed): both lists reload.
  const [version, setVersion] = useState(0);
  const bump = () => setVersion((n) => n + 1);
  const s = cfg.state;

  return (
    <section class="page webhooks" aria-labelledby="webhooks-title">
      <h1 id="webhooks-title" tabIndex={-1}>
        {page.title}
      </h1>
      <p class="muted">{page.intro}</p>
      {s.phase === "loading" ? (
        <p class="muted" role="status">
          {t.loading}
        </p>
      ) : s.phase === "failed" ? (
        <div class="card" role="alert">
          <p>{errorMessage(t, s.error)}</p>
          <button type="button" class="button secondary" onClick={cfg.retry}>
            {t.forms.retry}
          </button>
        </div>
      ) : (
        <>
          <Endpoints draft={s.draft} issues={s.issues} change={cfg.change} />
          <SaveBar state={s} dirty={cfg.dirty} onSave={cfg.save} onDiscard={cfg.discard} />
          <TestSend endpoints={s.saved.webhooks.map((e) => e.url)} onResult={bump} />
        </>
      )}
      <DeliveryList kind="dead" version={version} onChanged={bump} />
      <DeliveryList kind="log" version={version} onChanged={bump} />
    </section>
  );
}
