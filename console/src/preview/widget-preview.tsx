import { useEffect, useRef, useState } from "preact/hooks";
import type { Experience } from "../../../contract/experience";
import { ApiFailure, request } from "../api";
import { checkConfig } from "../config/site-config";
import type { Config } from "../config/site-config";
import type { Locale } from "../i18n/i18n";
import { usePageMessages } from "../i18n/i18n";
import { messages } from "./messages";

/** What a page asks the preview to show: the draft config, in a language, for a shopper in a segment, one block in focus. */
export interface WidgetPreviewProps {
  /** The unsaved draft: the preview shows what shoppers would see once it is saved. */
  config: Config;
  /** The shopper's language (en / ar / fa; ar and fa render right to left). */
  locale: Locale;
  /** Preview as a member of this segment (a lifecycle stage, `rfm-<group>` or a rule segment id); null: a new visitor. */
  segment?: string | null;
  /** The block in focus: "loyalty", "greeting", "survey:<id>", "content:<slot>", "offer:<id>". */
  focus?: string;
}

/** `POST /v1/experience/preview` (worker/features/experience/preview.routes.ts `PreviewAnswer`). */
interface PreviewAnswer {
  experience: Experience;
  focus: { focus: string; visible: boolean; reason: "paused" | "not_for_segment" | "not_found" | null } | null;
}

/** The preview page (widget/src/preview), served same-origin and framable by the console only. */
const PREVIEW_PAGE = "/admin/preview";
/** Typing pauses this long before the draft is previewed: one request per pause, not per keystroke. */
const DEBOUNCE_MS = 350;

type Status = "updating" | "ok" | "invalid" | "failed";

/**
 * The real widget drawing the draft: the API builds the experience for an invented shopper in the
 * chosen segment and language (`POST /v1/experience/preview`, nothing stored), and the preview page
 * in the iframe renders it with the storefront widget's own code, right to left in ar / fa. Each
 * change is sent after a pause in typing; an older answer arriving late is dropped (latest wins).
 * The iframe takes the height of what it shows.
 */
export function WidgetPreview(props: WidgetPreviewProps) {
  const m = usePageMessages(messages);
  const frame = useRef<HTMLIFrameElement>(null);
  const ready = useRef(false);
  const latest = useRef<{ experience: Experience; focus: string | undefined } | null>(null);
  const seq = useRef(0);
  const [height, setHeight] = useState(0);
  const [empty, setEmpty] = useState(false);
  const [status, setStatus] = useState<Status>("updating");
  const [note, setNote] = useState<PreviewAnswer["focus"]>(null);

  /** Hands the latest experience to the preview page, once it is listening. */
  const send = () => {
    const win = frame.current?.contentWindow;
    if (ready.current && win && latest.current) win.postMessage({ source: "revisit-console", type: "render", ...latest.current }, location.origin);
  };

  useEffect(() => {
    const onMessage = (e: MessageEvent) => {
      if (e.origin !== location.origin || !frame.current || e.source !== frame.current.contentWindow) return;
      const d = e.data as { source?: string; type?: string; height?: unknown; empty?: unknown } | null;
      if (d?.source !== "revisit-preview") return;
      if (d.type === "ready") {
        ready.current = true;
        send();
      } else if (d.type === "size" && typeof d.height === "number") {
        setHeight(Math.max(0, Math.min(4000, d.height)));
        setEmpty(d.empty === true);
      }
    };
    window.addEventListener("message", onMessage);
    return () => window.removeEventListener("message", onMessage);
  }, []);

  const { config, locale, focus } = props;
  const segment = props.segment ?? null;
  const key = JSON.stringify([config, locale, segment, focus]);
  useEffect(() => {
    const my = ++seq.current;
    setStatus("updating");
    const timer = setTimeout(async () => {
      // A draft the schema refuses would only earn a 400: say so and keep the last good preview.
      // Checked once typing pauses, like the request, not on every keystroke.
      if (checkConfig(config).length) {
        setStatus("invalid");
        return;
      }
      try {
        const got = await request<PreviewAnswer>("POST", "/v1/experience/preview", { config, locale, segment, ...(focus ? { focus } : {}) });
        if (my !== seq.current) return;
        latest.current = { experience: got.experience, focus };
        setNote(got.focus);
        setStatus("ok");
        send();
      } catch (err) {
        if (my !== seq.current) return;
        setStatus(err instanceof ApiFailure && err.status === 400 ? "invalid" : "failed");
      }
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [key]);

  const statusText = status === "updating" ? m.updating : status === "invalid" ? m.invalid : status === "failed" ? m.failed : m.upToDate;
  return (
    <section class="widget-preview" aria-label={m.title} data-status={status}>
      <div class="widget-preview-head">
        <h3>{m.title}</h3>
        <p class={status === "invalid" || status === "failed" ? "widget-preview-status field-error" : "widget-preview-status muted"} role="status">
          {statusText}
        </p>
      </div>
      <iframe ref={frame} class="widget-preview-frame" src={PREVIEW_PAGE} title={m.frameTitle} sandbox="allow-scripts allow-same-origin" style={{ height: `${height}px` }} />
      {status === "ok" && empty && <p class="muted widget-preview-empty">{m.nothing}</p>}
      {status === "ok" && note && !note.visible && note.reason && <p class="widget-preview-note">{m.reasons[note.reason]}</p>}
    </section>
  );
}
