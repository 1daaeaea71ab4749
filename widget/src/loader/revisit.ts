/**
 * `window.revisit`: the public browser API (README, Install on a shop), and the replay of calls a shop queued
 * (`revisitQ`) before the script loaded. Every method is safe to call at any time and never throws.
 */
import { dropSheet } from "../shared/sheet";
import { fail, guard, subscribe, type Fn, type Topic } from "./bus";
import { login, type IdentifyInput } from "./identity";
import { request } from "./api";
import { refresh } from "./render";
import { consent } from "./session";
import { K, type Session } from "./state";
import { storage } from "./storage";
import { flush, track } from "./tracking";

/**
 * `save` / `unsave`: one request to `/v1/saved` (a DELETE when `on` is absent), then the experience is
 * re-fetched so the saved block and the hearts show the server's list; failures go to `on('error')`.
 */
const wish = (s: Session, id: unknown, on?: 1): Promise<boolean> =>
  request(s, "/v1/saved" + (on ? "" : "/" + encodeURIComponent(id as string)), on ? { productId: id } : null).then(
    () => (refresh(s), true),
    (e) => (fail(s, e), false),
  );

/** The fallback of the methods that answer with a promise of success. */
const no = Promise.resolve(false);

/** `window.revisit`: the public browser API (README, Install on a shop). Every method is safe to call at any time and never throws. */
export interface RevisitApi {
  version: string;
  identify(c: IdentifyInput): Promise<boolean>;
  track(type: string, data?: Record<string, unknown>): boolean;
  cart(items: unknown): boolean;
  /** Saves a product for later (the shopper's wishlist, kept across devices once identified); true when the API took it. */
  save(productId: string): Promise<boolean>;
  /** Removes a saved product; true when the API took it. */
  unsave(productId: string): Promise<boolean>;
  consent(granted: boolean): void;
  on(topic: Topic, fn: Fn): () => void;
  refresh(): Promise<void>;
  destroy(): void;
}

/** The page's globals we own: the API and the shop's command queue. */
export const W = window as unknown as { revisit?: RevisitApi; revisitQ?: unknown };

/** Publishes the API for session `s` (`unlisten` removes its page listeners on destroy), then replays the shop's queued calls. */
export function install(s: Session, unlisten: () => void) {
  const api: RevisitApi = {
    version: "1",
    identify: guard(s, login, no),
    track: guard(s, track, false),
    // The device's live cart is remembered (`revisit:c`) so the saved-cart block can tell it is the same cart.
    cart: guard(s, (_, items: unknown) => (storage.set(K.c, JSON.stringify(items)), track(s, "cart", { items })), false),
    save: guard(s, (_, id: string) => wish(s, id, 1), no),
    unsave: guard(s, (_, id: string) => wish(s, id), no),
    consent: guard(s, consent, undefined),
    on: guard(s, subscribe, () => undefined),
    refresh: guard(s, () => refresh(s).catch((e) => fail(s, e)), Promise.resolve()),
    destroy: guard(
      s,
      () => {
        if (s.dead) return;
        flush(s, true);
        if (s.queue) s.queue.stop();
        s.dead = true;
        unlisten();
        if (s.ui) s.ui.destroy();
        for (const h of s.hosts) dropSheet(h.root, "reserve"), h.root.replaceChildren(); // painted blocks the UI never took over too
        s.hosts = [];
        s.subs = {};
        if (W.revisit === api) delete W.revisit;
        W.revisitQ = [];
      },
      undefined,
    ),
  };
  W.revisit = api;

  // Replay calls the shop made before we loaded, then take new ones directly.
  const pending = W.revisitQ;
  const call = (_: Session, cmd: unknown) => {
    if (!Array.isArray(cmd)) return;
    const f = (api as unknown as Record<string, unknown>)[cmd[0] as string];
    if (typeof f === "function" && cmd[0] !== "destroy") (f as (...a: unknown[]) => unknown)(...cmd.slice(1));
  };
  const safe = guard(s, call, undefined);
  W.revisitQ = { push: (...cmds: unknown[]) => (cmds.forEach(safe), 0) };
  if (Array.isArray(pending)) pending.forEach(safe);
}
