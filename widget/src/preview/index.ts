/**
 * The merchant console's live preview page (`/admin/preview`, framed by the console only): the
 * real widget UI (`mount` from ../ui, the same blocks, styles, messages and `dir` handling as on a
 * storefront) drawing an experience the console sends by `postMessage`, instead of fetching one.
 * Built by scripts/build-console.mjs as its own entry, so shoppers' widget files do not change.
 *
 * Messages (same origin only, and only from the parent window):
 *   console → preview  { source: "revisit-console", type: "render", experience, focus? }
 *   preview → console  { source: "revisit-preview", type: "ready" } once listening,
 *                      { source: "revisit-preview", type: "size", height, empty } after each draw and resize.
 * Nothing is sent to the API from here: answers, redemptions and events stay in the page.
 */
import type { Experience } from "../../../contract/experience";
import type { Host, UiContext } from "../shared/contract";
import { findHosts } from "../loader/hosts";
import { mount } from "../ui/index";

/** What the console asks the preview to draw. */
interface RenderMessage {
  source: "revisit-console";
  type: "render";
  experience: Experience;
  focus?: string;
}

/** The code a preview "redemption" answers with: nothing is redeemed. */
const SAMPLE = { code: "PREVIEW-CODE" };

/** The preview's services: nothing leaves the page; a survey answer or redemption simply succeeds. */
const ctx: UiContext = {
  api: async () => SAMPLE,
  refresh: async () => undefined,
  fail: () => undefined,
  track: () => false,
  heights: () => undefined,
};

/** Placeholders for the block in focus (`survey:<id>` → the survey block); all blocks without a focus. */
export function placeholdersFor(exp: Experience, focus: string | undefined): string[] {
  const kind = (focus ?? "").split(":")[0];
  if (kind === "survey") return ["survey"];
  if (kind === "offer") return ["offers"];
  if (kind === "content") return [focus as string];
  if (kind === "loyalty") return ["loyalty"];
  if (kind === "greeting") return ["greeting", "recommendations"];
  return ["greeting", ...Object.keys(exp.content).map((s) => `content:${s}`), "survey", "loyalty", "offers", "recommendations"];
}

const isRender = (d: unknown): d is RenderMessage => {
  const m = d as RenderMessage | null;
  return !!m && m.source === "revisit-console" && m.type === "render" && typeof m.experience === "object" && m.experience !== null && typeof m.experience.greeting === "object";
};

/** The preview page's own layout (a plain white shop page), adopted from code: the CSP allows no inline style. */
const PAGE_CSS =
  "html,body{margin:0;background:#fff;color:#1a1a1a;font:16px/1.5 system-ui,-apple-system,'Segoe UI',Tahoma,sans-serif}#preview{display:flow-root;padding:12px}#preview>[data-revisit]+[data-revisit]{margin-block-start:12px}";

function start() {
  const found = document.getElementById("preview");
  if (!found) return;
  const page: HTMLElement = found;
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(PAGE_CSS);
    document.adoptedStyleSheets = [sheet];
  } catch {
    /* unstyled page; the blocks keep their own styles */
  }
  const ui = mount(ctx);
  let layout = "";
  let hosts: Host[] = [];
  let gen = 0;

  const post = (msg: Record<string, unknown>) => window.parent.postMessage({ source: "revisit-preview", ...msg }, location.origin);
  const report = () => {
    const empty = hosts.every((h) => !h.root.querySelector(".rv")?.firstChild);
    post({ type: "size", height: Math.ceil(page.getBoundingClientRect().height), empty });
  };
  new ResizeObserver(report).observe(page);

  async function draw(m: RenderMessage) {
    const my = ++gen;
    const exp = m.experience;
    const rtl = exp.locale === "ar" || exp.locale === "fa";
    document.documentElement.lang = exp.locale;
    document.documentElement.dir = rtl ? "rtl" : "ltr";
    const wanted = placeholdersFor(exp, m.focus).join(" ");
    if (wanted !== layout) {
      // A new set of blocks: fresh placeholders (the UI forgets hosts that are gone).
      layout = wanted;
      page.replaceChildren(
        ...wanted.split(" ").map((p) => {
          const el = document.createElement("div");
          el.setAttribute("data-revisit", p);
          return el;
        }),
      );
    }
    hosts = findHosts({});
    await ui.render(exp, hosts);
    if (my !== gen) return;
    requestAnimationFrame(report);
  }

  // Links would navigate the frame away from the preview: they are shown, not followed.
  document.addEventListener("click", (e) => {
    if (e.composedPath().some((t) => t instanceof HTMLAnchorElement)) e.preventDefault();
  });
  window.addEventListener("message", (e) => {
    if (e.origin !== location.origin || e.source !== window.parent || !isRender(e.data)) return;
    void draw(e.data);
  });
  post({ type: "ready" });
}

start();
