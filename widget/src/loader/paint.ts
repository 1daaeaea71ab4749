/**
 * The server-rendered script path (`<script data-render="server">`, issue 16): the blocks come
 * rendered from `GET /v1/experience/html`, the paint chunk (widget/src/paint) puts them in the
 * placeholders, and the UI is imported only when the shopper reaches for a block. The page shows
 * personalized blocks without running the UI's JavaScript, the way edge mode does without a proxy.
 */
import type { Experience } from "../../../contract/experience";
import { heightKey, type Paint, type PaintedBlock } from "../shared/contract";
import { request } from "./api";
import { emit } from "./bus";
import { saveHeights, scan } from "./placeholders";
import { off, type Session } from "./state";
import { track } from "./tracking";

/** The paint chunk's path (relative to the API base); set by scripts/build-widget.mjs. */
declare const __REVISIT_PAINT__: string;

/**
 * Paints the page's placeholders from the server; false when the page has none (the launcher is
 * the client's). `takeover` draws the held experience with the UI (render.ts `refresh`). A failure
 * rejects, and the caller draws on the client instead.
 */
export async function paintFromServer(s: Session, q: URLSearchParams, my: number, takeover: () => Promise<void>): Promise<boolean> {
  await s.parsed;
  if (!s.scanned) scan(s);
  if (!s.hosts.length) return false;
  q.set("blocks", s.hosts.map(heightKey).join()); // each placeholder's `data-revisit` value, as parsed
  q.set("lang", document.documentElement.lang || s.locale);
  const chunk = import(`${s.api}/${__REVISIT_PAINT__}`) as Promise<{ paint: Paint }>;
  chunk.catch(() => undefined); // awaited below
  const res = (await request(s, `/v1/experience/html?${q}`)) as { blocks: PaintedBlock[]; experience: Experience };
  const { paint } = await chunk;
  if (my !== s.seq || off(s)) return true;
  s.exp = s.held = res.experience;
  emit(s, "experience", s.exp);
  await paint({ blocks: res.blocks, exp: s.exp, hosts: s.hosts, ctx: { track: (t, d) => track(s, t, d), heights: (h) => saveHeights(s, h) }, takeover });
  return true;
}
