/**
 * `window.revisit`: the public browser API (README, Install on a shop), and the replay of calls a shop queued
 * (`revisitQ`) before the script loaded. Every method is safe to call at any time and never throws.
 */
import { dropSheet } from "../shared/sheet";
import { fail, guard, subscribe, type Fn, type Topic } from "./bus";
import { login, type IdentifyInput } from "./identity";
import { refresh } from "./render";
import { consent } from "./session";
import type { Session } from "./state";
import { flush, track } from "./tracking";

/** `window.revisit`: the public browser API (README, Install on a shop). Every method is safe to call at any time and never throws. */
export interface RevisitApi {
  version: string;
  identify(c: IdentifyInput): Promise<boolean>;
  track(type: string, data?: Record<string, unknown>): boolean;
  cart(items: unknown): boolean;
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
    identify: guard(s, login, Promise.resolve(false)),
    track: guard(s, track, false),
    cart: guard(s, (_, items: unknown) => track(s, "cart", { items }), false),
    consent: guard(s, consent, undefined),
    on: guard(s, subscribe, () => undefined),
    refresh: guard(s, () => refresh(s).catch((e) => fail(s, e)), Promise.resolve()),
    destroy: guard(
      s,
      () => {
        if (s.dead) return;
        flush(s, true);
        s.queue?.stop();
        s.dead = true;
        unlisten();
        s.ui?.destroy();
        for (const h of s.hosts) dropSheet(h.root, "reserve");
        s.hosts = [];
        for (const t of Object.keys(s.subs)) delete s.subs[t as Topic];
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
  W.revisitQ = { push: (...cmds: unknown[]) => (cmds.forEach(guard(s, call, undefined)), 0) };
  if (Array.isArray(pending)) pending.forEach(guard(s, call, undefined));
}
