import { useEffect, useRef, useState } from "preact/hooks";
import { useCanEdit } from "../../app";
import { useSiteConfig } from "../../config/site-config";
import { errorMessage } from "../../errors";
import { SaveBar } from "../../forms/save-bar";
import { useI18n, usePageMessages } from "../../i18n/i18n";
import type { PageProps } from "../../layout";
import { type HistoryDay, loadSegments, type SegmentRow, useRulePreview } from "./data";
import { messages } from "./messages";
import { draftHasLeafProblems, duplicateSegmentIds, RuleSegments } from "./rule-editor";
import { SegmentMembers, SegmentTable, SegmentTrend, type Selection, segmentName } from "./segment-list";

type Loaded = { segments: SegmentRow[]; days: HistoryDay[]; today: string };

/**
 * The segments page: every segment (lifecycle stages, RFM groups, the shop's rules) with today's
 * count and its last 90 days, each one's trend and customers on demand, and an editor for the
 * shop's rule segments that shows how many customers a rule would match before it is saved.
 * Viewers see everything and change nothing.
 */
export function Page(_: PageProps) {
  const page = usePageMessages(messages);
  const { t } = useI18n();
  const canEdit = useCanEdit();
  const cfg = useSiteConfig();
  const [data, setData] = useState<Loaded | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [reload, setReload] = useState(0);
  const [selected, setSelected] = useState<Selection | null>(null);
  const [active, setActive] = useState<number | null>(null);
  const [held, setHeld] = useState(false);
  const detailRef = useRef<HTMLElement>(null);

  useEffect(() => {
    let live = true;
    setLoadError(null);
    loadSegments(Date.now())
      .then((d) => live && setData(d))
      .catch((e) => live && setLoadError(e));
    return () => {
      live = false;
    };
  }, [reload]);

  const s = cfg.state;
  const editing = s.phase === "ready" && active !== null ? s.draft.segments[active] : undefined;
  // The preview looks at the rule only: a reference or name still being typed does not stop it.
  const preview = useRulePreview(canEdit && editing ? { id: "preview", name: "preview", rule: editing.rule } : null);

  const select = (next: Selection) => {
    setSelected(selected?.id === next.id && selected.view === next.view ? null : next);
    requestAnimationFrame(() => detailRef.current?.focus());
  };

  const save = async () => {
    if (s.phase !== "ready") return;
    if (duplicateSegmentIds(s.draft.segments).size > 0 || draftHasLeafProblems(s.draft.segments)) {
      setHeld(true);
      return;
    }
    setHeld(false);
    if (await cfg.save()) setReload((n) => n + 1);
  };

  const chosen = data && selected ? data.segments.find((x) => x.id === selected.id) : undefined;
  return (
    <section class="page segments-page" aria-busy={!data && !loadError}>
      <div class="page-head">
        <h1 tabIndex={-1}>{page.title}</h1>
      </div>
      <p class="muted intro">{page.intro}</p>

      {loadError !== null && (
        <div class="card" role="alert">
          <p>{page.loadFailed}</p>
          <p>{errorMessage(t, loadError)}</p>
          <button type="button" class="button secondary" onClick={() => setReload((n) => n + 1)}>
            {t.forms.retry}
          </button>
        </div>
      )}
      {!data && !loadError && (
        <p class="muted" role="status">
          {t.loading}
        </p>
      )}
      {data && (
        <section class="card" aria-labelledby="all-segments-title">
          <h2 id="all-segments-title">{page.list.title}</h2>
          <SegmentTable segments={data.segments} days={data.days} today={data.today} selected={selected} onSelect={select} />
          {chosen && selected && (
            <section class="segment-detail" ref={detailRef} tabIndex={-1} aria-labelledby="segment-detail-title">
              <div class="detail-head">
                <h3 id="segment-detail-title">{selected.view === "trend" ? page.list.showTrend(segmentName(page, chosen)) : page.detail.membersTitle(segmentName(page, chosen))}</h3>
                <button type="button" class="button secondary small" onClick={() => setSelected(null)}>
                  {page.detail.close}
                </button>
              </div>
              {selected.view === "trend" ? <SegmentTrend segment={chosen} days={data.days} today={data.today} /> : <SegmentMembers segment={chosen} />}
            </section>
          )}
        </section>
      )}

      {s.phase === "failed" && (
        <div class="card" role="alert">
          <p>{page.loadFailed}</p>
          <p>{errorMessage(t, s.error)}</p>
          <button type="button" class="button secondary" onClick={cfg.retry}>
            {t.forms.retry}
          </button>
        </div>
      )}
      {s.phase === "ready" && (
        <>
          <RuleSegments draft={s.draft} change={cfg.change} issues={s.issues} canEdit={canEdit} active={active} onActive={setActive} preview={preview} />
          {held && (duplicateSegmentIds(s.draft.segments).size > 0 || draftHasLeafProblems(s.draft.segments)) && (
            <p class="form-error" role="alert">
              {page.editor.fixFirst}
            </p>
          )}
          <SaveBar
            state={s}
            dirty={cfg.dirty}
            onSave={save}
            onDiscard={() => {
              setHeld(false);
              cfg.discard();
            }}
          />
        </>
      )}
    </section>
  );
}
