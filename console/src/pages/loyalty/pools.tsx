import { useState } from "preact/hooks";
import type { Config } from "../../config/site-config";
import { CodeUpload } from "../../forms/code-upload";
import { useI18n, usePageMessages } from "../../i18n/i18n";
import { isolate, SelectField } from "./fields";
import { messages } from "./messages";

/**
 * Stocking rewards with discount codes: pick a saved reward whose codes come from a pool, then
 * upload a CSV (forms/code-upload.tsx). Only saved rewards are offered, because the API refuses
 * codes for a reward it does not know yet; unsaved ones are mentioned so nobody looks for them.
 */
export function CodePools(props: { saved: Config; draft: Config }) {
  const m = usePageMessages(messages).pools;
  const { locale } = useI18n();
  const pooled = props.saved.loyalty.rewards.filter((r) => r.delivery === "pool");
  const [chosen, setChosen] = useState<string | null>(null);
  const current = pooled.find((r) => r.id === chosen) ?? pooled[0];
  const savedIds = new Set(props.saved.loyalty.rewards.map((r) => r.id));
  const unsaved = props.draft.loyalty.rewards.some((r) => !savedIds.has(r.id));

  return (
    <section class="card" id="loyalty-codes" aria-labelledby="loyalty-codes-title">
      <h2 id="loyalty-codes-title">{m.title}</h2>
      <p class="muted">{m.intro}</p>
      {unsaved && <p class="hint">{m.unsaved}</p>}
      {!current ? (
        <p class="notice">{m.none}</p>
      ) : (
        <>
          <SelectField id="codes-reward" label={m.reward} value={current.id} options={pooled.map((r) => [r.id, isolate(r.name[locale] || r.name.en)] as const)} onValue={setChosen} />
          <CodeUpload target={{ kind: "reward", id: current.id }} />
        </>
      )}
    </section>
  );
}
