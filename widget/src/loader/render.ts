/**
 * The experience on the page: fetched, then drawn by the lazily imported UI block into the
 * placeholders (the UI draws one block per task), and the one-time `ready` event after that.
 */
import type { Experience } from "../../../contract/experience";
import type { RevisitError } from "../shared/contract";
import { request } from "./api";
import { emit, fail } from "./bus";
import { loadUi, warmExtras } from "./chunks";
import { metas, nextTask } from "./page";
import { paintFromServer } from "./paint";
import { reserveAll, saveHeights } from "./placeholders";
import { off, type Session } from "./state";
import { track } from "./tracking";

/** (Re)draws the experience into the placeholders present now; an empty block collapses its reservation as it is drawn. */
async function draw(s: Session) {
  if (!s.exp || !s.ui || off(s)) return;
  s.hosts = reserveAll();
  await s.ui.render(s.exp, s.hosts);
}

/** Fetches the experience and (re)renders; the newest call wins when several overlap. */
export async function refresh(s: Session): Promise<void> {
  if (off(s)) return;
  const my = ++s.seq;
  try {
    const q = new URLSearchParams({ locale: s.locale, page: location.pathname });
    const { product, placement } = metas();
    if (product) q.set("product", product);
    if (placement === "home" || placement === "product" || placement === "cart") q.set("placement", placement);
    // Edge mode put the experience in the page with its blocks: the first draw takes it over from there.
    const handed = !s.took && (s.took = true) && document.querySelector("script[data-revisit-experience]")?.textContent;
    // The server-rendered path paints first; the UI takes its experience over when the shopper reaches for a block.
    if (s.ssr && !s.painted && !handed) {
      s.painted = true;
      try {
        if (await paintFromServer(s, q, my, () => refresh(s))) return;
      } catch {
        if (my !== s.seq) return; // else drawn on the client below
      }
    }
    const held = s.held;
    s.held = null;
    const expP = held ? Promise.resolve(held) : handed ? Promise.resolve(JSON.parse(handed)) : request(s, `/v1/experience?${q}`);
    expP.catch(() => undefined); // reported below, once
    // The UI chunks are requested in the next task: each `import()` costs ~1 ms on a slow phone.
    await nextTask();
    if (my !== s.seq || s.dead) return;
    const uiReady = loadUi(s, () => ({
      api: (p, b, h) => request(s, p, b, false, h),
      refresh: () => refresh(s),
      fail: (e) => fail(s, e),
      track: (t, d) => track(s, t, d),
      heights: (h) => saveHeights(s, h),
    }));
    uiReady.catch(() => undefined); // reported below, once
    warmExtras(s);
    const e = (await expP) as Experience;
    if (!e || typeof e !== "object" || !e.greeting) throw { code: "bad_response", message: "Unexpected experience" };
    if (my !== s.seq || s.dead) return;
    s.exp = e;
    emit(s, "experience", e);
    try {
      s.ui = await uiReady;
    } catch (err) {
      s.uiP = null; // let a later refresh try again
      throw { code: "ui_load_failed", message: String(err) } satisfies RevisitError;
    }
    await s.parsed;
    if (my === s.seq) await draw(s);
  } catch (e) {
    if (my === s.seq) fail(s, e);
  } finally {
    if (my === s.seq) ready(s);
  }
}

/** `ready` fires once: after the first render attempt, or at once while consent is pending. */
export function ready(s: Session) {
  if (s.fired || s.dead) return;
  s.fired = true;
  emit(s, "ready", { experience: s.exp });
  try {
    window.dispatchEvent(new CustomEvent("revisit:ready", { detail: { experience: s.exp } }));
  } catch {
    /* old browser */
  }
}
