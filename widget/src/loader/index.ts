/**
 * widget.js: the loader every shop page runs. Small on purpose (no Preact): it owns identity,
 * consent, the event queue and `window.revisit`, reserves the placeholders' space, fetches the
 * experience and lazily imports the UI block to draw it. Nothing here may throw into the page.
 */
import type { Experience } from "../../../worker/domain/experience-types";
import type { Heights, Host, Mount, RevisitError, UiHandle } from "../shared/contract";
import { dropSheet } from "../shared/sheet";
import { parseConfig, parseCustomer, referralCode, type Customer } from "./config";
import { buildEvent, type WireEvent } from "./events";
import { findHosts, reserve } from "./hosts";
import { createQueue, type Queue } from "./queue";
import { randomId, readCookie, storage, writeCookie } from "./storage";

/**
 * Paths (relative to the API base) of the content-hashed UI block followed by the chunks it
 * imports statically, all requested at once (no import waterfall); set by scripts/build-widget.mjs.
 */
declare const __REVISIT_UI__: string[];
/** The lazily loaded extras chunk (loyalty, referral, offers) and its static imports. */
declare const __REVISIT_EXTRAS__: string[];
/** Per language other than English: its core messages chunk (requested together with the UI block). */
declare const __REVISIT_MSGS__: Record<string, string[]>;
/** Per language other than English: the extras chunk's messages (requested together with the extras chunk). */
declare const __REVISIT_XMSGS__: Record<string, string[]>;
/** Block chunks some pages need (`survey`, `launcher`): requested with the UI where the page can show them. */
declare const __REVISIT_PARTS__: Record<string, string[]>;

type Fn = (payload: unknown) => void;
/** Events `revisit.on()` accepts; `consent` is also the hook for server-side erasure. */
type Topic = "ready" | "experience" | "identify" | "error" | "consent";

interface IdentifyInput {
  id: string;
  hash: string;
  expires?: number;
  firstName?: string;
  email?: string;
}

/** `window.revisit`: the public browser API (DESIGN §5). Every method is safe to call at any time and never throws. */
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

const W = window as unknown as { revisit?: RevisitApi; revisitQ?: unknown };
const K = { vid: "revisit:vid", q: "revisit:queue", idf: "revisit:identified", h: "revisit:h", ref: "revisit:ref" };
/** Yields to the page: `scheduler.yield()` where the browser has it, else a new task. */
const nextTask = (): Promise<void> => {
  const sch = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  return sch?.yield ? sch.yield() : new Promise((r) => setTimeout(r, 0));
};
const debug = (...a: unknown[]) => {
  try {
    console.debug("[revisit]", ...a);
  } catch {
    /* no console */
  }
};

function start() {
  const script = (document.currentScript || document.querySelector("script[data-site]")) as HTMLScriptElement | null;
  const cfg = parseConfig(
    (n) => script && script.getAttribute(n),
    script ? script.src : undefined,
    document.documentElement.getAttribute("lang"),
    navigator.languages || [navigator.language],
  );
  let consent = !cfg.consentRequired;
  storage.enabled = consent;
  let customer: Customer | null = cfg.customer;
  let vid = "";
  let exp: Experience | null = null;
  let ui: UiHandle | null = null;
  let uiP: Promise<UiHandle> | null = null;
  let hosts: Host[] = [];
  let queue: Queue | null = null;
  let early: WireEvent[] = []; // events tracked before consent: memory only, sent once granted
  let identifying: { id: string; p: Promise<boolean> } | null = null;
  let dead = false;
  let seq = 0;
  let readyFired = false;
  let running = false;
  const subs: Partial<Record<Topic, Fn[]>> = {};
  const last: Partial<Record<Topic, unknown>> = {};

  const emit = (t: Topic, payload: unknown) => {
    if (t === "ready" || t === "experience") last[t] = payload;
    for (const fn of subs[t] || []) {
      try {
        fn(payload);
      } catch (e) {
        debug("listener failed", e);
      }
    }
  };
  const fail = (e: unknown) => {
    const err: RevisitError =
      e && typeof e === "object" && "code" in e ? (e as RevisitError) : { code: "client_error", message: String(e) };
    debug(err.code, err.message);
    emit("error", err);
  };
  const domReady = new Promise<void>((r) =>
    document.readyState === "loading" ? document.addEventListener("DOMContentLoaded", () => r(), { once: true }) : r(),
  );
  /**
   * The page's `<meta name="revisit:…">` values (first of each name), in one walk of the document:
   * a `querySelector` for a tag the page does not have walks the whole document each time.
   */
  const metas = (): Record<string, string> => {
    const m: Record<string, string> = {};
    const all = document.getElementsByTagName("meta");
    for (let i = 0; i < all.length; i++) {
      const n = all[i]!.name;
      if (n.startsWith("revisit:") && !(n.slice(8) in m)) m[n.slice(8)] = all[i]!.content.trim();
    }
    return m;
  };

  // ---- identity --------------------------------------------------------------------------
  const visitor = () => {
    if (!vid) {
      const v = storage.get(K.vid) || readCookie();
      vid = v && /^[A-Za-z0-9_-]{16,64}$/.test(v) ? v : randomId();
      storage.set(K.vid, vid);
      writeCookie(vid); // also refreshes the cookie's 400-day lifetime
    }
    return vid;
  };

  const headers = (json: boolean, extra?: Record<string, string>) => {
    const h: Record<string, string> = { ...extra, "X-Revisit-Key": cfg.site, "X-Revisit-Visitor": visitor() };
    if (json) h["Content-Type"] = "application/json";
    if (customer) {
      h["X-Revisit-Customer"] = customer.id;
      h["X-Revisit-Customer-Hash"] = customer.hash;
      if (customer.expires) h["X-Revisit-Customer-Expires"] = String(customer.expires);
    }
    return h;
  };

  /** The one HTTP path: JSON in, JSON out, failures as RevisitError (never a thrown TypeError). */
  async function request(path: string, body?: unknown, keepalive = false, extra?: Record<string, string>): Promise<unknown> {
    if (!consent || dead) throw { code: "consent_required", message: "Waiting for consent" } satisfies RevisitError;
    let res: Response;
    try {
      res = await fetch(cfg.api + path, {
        method: body === undefined ? "GET" : "POST",
        headers: headers(body !== undefined, extra),
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: "omit",
        keepalive,
      });
    } catch {
      throw { code: "network", message: "Network request failed" } satisfies RevisitError;
    }
    let json: unknown = null;
    try {
      json = await res.json();
    } catch {
      /* empty body */
    }
    if (!res.ok) {
      const e = (json as { error?: RevisitError } | null)?.error;
      throw { code: e?.code || `http_${res.status}`, status: res.status, message: e?.message || res.statusText, details: e?.details } satisfies RevisitError;
    }
    return json;
  }

  /** POST /v1/identify once per customer per visitor; a refused identity falls back to anonymous. */
  function postIdentify(c: Customer): Promise<boolean> {
    if (identifying && identifying.id === c.id) return identifying.p;
    const body: Record<string, unknown> = { customerId: c.id, hash: c.hash };
    if (c.expires) body.expires = c.expires;
    if (c.firstName) body.firstName = c.firstName;
    if (c.email) body.email = c.email;
    const p = request("/v1/identify", body).then(
      () => {
        storage.set(K.idf, c.id);
        emit("identify", { customerId: c.id });
        return true;
      },
      (e: RevisitError) => {
        if (e.status && e.status < 500 && customer === c) customer = null;
        fail(e);
        return false;
      },
    );
    identifying = { id: c.id, p };
    void p.then(() => {
      if (identifying?.p === p) identifying = null;
    });
    return p;
  }

  // ---- events ----------------------------------------------------------------------------
  function makeQueue(): Queue {
    let stored: WireEvent[] = [];
    try {
      const v: unknown = JSON.parse(storage.get(K.q) || "[]");
      if (Array.isArray(v)) stored = v.filter((e: WireEvent) => e && typeof e.id === "string" && typeof e.type === "string");
    } catch {
      /* corrupt: start empty */
    }
    return createQueue(stored, {
      async send(events) {
        try {
          await request("/v1/events", { events }, true);
          return "ok";
        } catch (e) {
          const s = (e as RevisitError).status;
          if (s && s < 500 && s !== 408 && s !== 429) {
            fail(e); // refused for good: retrying the same bytes cannot help
            return "drop";
          }
          debug("events will be retried", (e as RevisitError).code);
          return "retry";
        }
      },
      save: (q) => (q.length ? storage.set(K.q, JSON.stringify(q)) : storage.del(K.q)),
      setTimer: (fn, ms) => setTimeout(fn, ms),
      clearTimer: (t) => clearTimeout(t as number),
    });
  }

  function track(type: unknown, data?: Record<string, unknown>): boolean {
    if (dead) return false;
    const ev = buildEvent(type, data, randomId(), Date.now());
    if (!ev) {
      fail({ code: "invalid_event", message: `Event "${String(type)}" is unknown or misses a required field` });
      return false;
    }
    if (queue) queue.push(ev);
    else if (early.length < 100) early.push(ev);
    return true;
  }

  let paged = false;
  /** Auto-tracking, once per page: the page itself, and the product / category it shows (meta tags). */
  function trackPage() {
    if (paged || dead) return;
    paged = true;
    try {
      track("page_view", { url: location.href });
      const { product, category } = metas();
      if (product) track("product_view", { productId: product });
      if (category) track("category_view", { category });
    } catch (e) {
      fail(e);
    }
  }

  /** Landed through a friend's link (`?rv_ref=CODE`): tell the API once per code (after consent, like everything). */
  function noteReferral() {
    const code = referralCode(location.search);
    if (!code || storage.get(K.ref) === code) return;
    request("/v1/referrals/visits", { code }).then(() => storage.set(K.ref, code), fail);
  }

  // ---- rendering -------------------------------------------------------------------------
  const heights = (): Heights => {
    try {
      return JSON.parse(storage.get(K.h) || "{}") || {};
    } catch {
      return {};
    }
  };
  /** Remembers what the blocks rendered, so the next page reserves exactly that (CLS 0). */
  const saveHeights = (h: Heights) => {
    if (!dead && consent) storage.set(K.h, JSON.stringify({ ...heights(), ...h }));
  };

  /** Starts fetching chunks the UI will `import()` itself (same URLs), so it finds them loaded or on their way. */
  const warm = (urls: string[] = [], failed = () => {}) => {
    for (const u of urls) import(`${cfg.api}/${u}`).catch(failed);
  };
  let scanned = false;
  const warmedParts: Record<string, boolean> = {};
  /**
   * The block chunks this page can show, requested with the UI once the placeholders are known:
   * the survey where there is a survey placeholder, the launcher where there is no placeholder.
   */
  const warmParts = () => {
    if (!scanned || !uiP) return;
    for (const k of hosts.length ? (hosts.some((h) => h.kind === "survey") ? ["survey"] : []) : ["launcher"])
      if (!warmedParts[k]) {
        warmedParts[k] = true;
        warm(__REVISIT_PARTS__[k], () => (warmedParts[k] = false));
      }
  };
  const scan = () => {
    hosts = findHosts(heights());
    scanned = true;
    warmParts();
  };
  /** The UI block and its static imports, the page language's messages and the page's block chunks, all at once (no waterfall). */
  const loadUi = () => {
    if (!uiP) {
      warm(__REVISIT_MSGS__[cfg.locale]);
      uiP = Promise.all(__REVISIT_UI__.map((u) => import(`${cfg.api}/${u}`) as Promise<{ mount?: Mount }>)).then((ms) =>
        ms[0]!.mount!({ api: (p, b, h) => request(p, b, false, h), refresh, fail, track, heights: saveHeights }),
      );
    }
    warmParts();
    return uiP;
  };
  let warmed = false;
  /** A verified customer most likely has points: fetch the extras chunk (and its messages) alongside the experience. */
  const warmExtras = () => {
    if (warmed || !customer) return;
    warmed = true;
    warm([...__REVISIT_EXTRAS__, ...(__REVISIT_XMSGS__[cfg.locale] || [])], () => (warmed = false)); // the UI imports them again when needed
  };

  async function draw() {
    if (!exp || !ui || dead || !consent) return;
    hosts = findHosts(heights());
    await ui.render(exp, hosts); // an empty block collapses its reservation as it is drawn
  }

  /** Fetches the experience and (re)renders; the newest call wins when several overlap. */
  async function refresh(): Promise<void> {
    if (dead || !consent) return;
    const my = ++seq;
    try {
      const q = new URLSearchParams({ locale: cfg.locale, page: location.pathname });
      const { product, placement } = metas();
      if (product) q.set("product", product);
      if (placement === "home" || placement === "product" || placement === "cart") q.set("placement", placement);
      const expP = request(`/v1/experience?${q}`);
      expP.catch(() => undefined); // reported below, once
      // The UI chunks are requested in the next task: each `import()` costs ~1 ms on a slow phone.
      await nextTask();
      if (my !== seq || dead) return;
      const uiReady = loadUi();
      uiReady.catch(() => undefined); // reported below, once
      warmExtras();
      const e = (await expP) as Experience;
      if (!e || typeof e !== "object" || !e.greeting) throw { code: "bad_response", message: "Unexpected experience" };
      if (my !== seq || dead) return;
      exp = e;
      emit("experience", e);
      try {
        ui = await uiReady;
      } catch (err) {
        uiP = null; // let a later refresh try again
        throw { code: "ui_load_failed", message: String(err) } satisfies RevisitError;
      }
      await domReady;
      if (my === seq) await draw();
    } catch (e) {
      if (my === seq) fail(e);
    } finally {
      if (my === seq) ready();
    }
  }

  /** `ready` fires once: after the first render attempt, or at once while consent is pending. */
  function ready() {
    if (readyFired || dead) return;
    readyFired = true;
    emit("ready", { experience: exp });
    try {
      window.dispatchEvent(new CustomEvent("revisit:ready", { detail: { experience: exp } }));
    } catch {
      /* old browser */
    }
  }

  // ---- lifecycle -------------------------------------------------------------------------
  /**
   * Starts the visitor's session after the script's first task (which only sets up
   * `window.revisit`), one step per task: on a slow phone (4× CPU) the first localStorage access
   * (a synchronous round trip to the browser process), preparing the placeholders and building
   * the first events cost 5–15 ms each, and in the script's own task they added up to a 45–65 ms
   * long task (issue #7). In order:
   *   1. the visitor id and the event queue (storage, cookie);
   *   2. the request on the critical path: identify for a customer not merged yet on this
   *      device, else the experience (`refresh` requests the UI chunks in the task after it);
   *   3. the placeholders: shadow roots and reserved heights (at DOMContentLoaded on a page
   *      still loading, in that task, so before its first frame). An async script nearly always
   *      runs after the page's first paint, so this is no later, for CLS, than doing it in the
   *      script's own task; a shop that needs no shift at all sets the heights in its CSS (hosts.ts);
   *   4. page / product / category views, then queued events are sent (not urgent: after the
   *      experience request, and after identify so they count for the customer).
   */
  let runs = 0;
  async function run() {
    if (running || dead) return;
    running = true;
    const my = ++runs;
    // Destroyed, or consent withdrawn (and maybe given again) meanwhile.
    const stale = () => dead || !consent || my !== runs || !running;
    await nextTask();
    if (stale()) return;
    visitor();
    queue = makeQueue();
    for (const ev of early) queue.push(ev);
    early = [];
    if (!customer) storage.del(K.idf); // logged out (or never in): the next login merges again
    await nextTask();
    if (stale()) return;
    const merging = customer && storage.get(K.idf) !== customer.id ? postIdentify(customer) : null;
    let shown = merging ? null : refresh();
    await nextTask();
    await domReady;
    if (stale()) return shown ?? undefined;
    if (hosts.length === 0) scan();
    await nextTask();
    if (stale()) return shown ?? undefined;
    trackPage();
    if (merging) {
      await merging;
      if (stale()) return;
      shown = refresh();
      await nextTask();
      if (stale()) return shown;
    }
    noteReferral();
    void queue?.flush();
    await shown;
  }

  /**
   * Consent withdrawn: erase this visitor's profile on the server (`DELETE /v1/visitor`, fire and
   * forget, survives navigation via keepalive), forget this device's data and stop.
   * `revisit.on('consent', …)` fires first, while the visitor id is still known.
   */
  function forget() {
    emit("consent", { granted: false, visitorId: vid || null });
    if (vid)
      fetch(cfg.api + "/v1/visitor", { method: "DELETE", headers: { "X-Revisit-Key": cfg.site, "X-Revisit-Visitor": vid }, credentials: "omit", keepalive: true }).catch(() => {});
    consent = running = false;
    queue?.clear();
    queue?.stop();
    queue = null;
    early = [];
    for (const k of Object.values(K)) storage.del(k);
    writeCookie(null);
    storage.enabled = false;
    vid = "";
    identifying = null;
    seq++;
    ui?.destroy();
    exp = null;
    for (const h of hosts) reserve(h.root, 0);
  }

  const onHide = () => {
    if (document.visibilityState === "hidden") void queue?.flush(true);
  };
  const onPagehide = () => void queue?.flush(true);
  const onOnline = () => void queue?.flush();
  addEventListener("pagehide", onPagehide);
  addEventListener("online", onOnline);
  document.addEventListener("visibilitychange", onHide);

  /** Wraps a public method so nothing can throw into the shop's code. */
  const guard =
    <A extends unknown[], R>(fn: (...a: A) => R, fallback: R) =>
    (...a: A): R => {
      try {
        return fn(...a);
      } catch (e) {
        fail(e);
        return fallback;
      }
    };

  const api: RevisitApi = {
    version: "1",
    identify: guard((c: IdentifyInput) => {
      const parsed = parseCustomer(c || {});
      if (!parsed) {
        fail({ code: "invalid_identity", message: "identify() needs { id, hash }" });
        return Promise.resolve(false);
      }
      customer = parsed;
      if (!consent) return Promise.resolve(false); // sent with the rest once consent is given
      return postIdentify(parsed).then(async (ok) => (ok && (await refresh()), ok));
    }, Promise.resolve(false)),
    track: guard(track, false),
    cart: guard((items: unknown) => track("cart", { items }), false),
    consent: guard((granted: boolean) => {
      if (dead) return;
      if (!granted) return forget();
      if (consent && running) return;
      consent = storage.enabled = true;
      emit("consent", { granted: true, visitorId: visitor() });
      void run().catch(fail);
    }, undefined),
    on: guard(
      (t: Topic, fn: Fn) => {
        if (typeof fn !== "function") return () => undefined;
        (subs[t] ||= []).push(fn);
        if (t in last) setTimeout(() => fn(last[t]), 0); // late subscribers still hear ready/experience
        return () => {
          subs[t] = (subs[t] || []).filter((f) => f !== fn);
        };
      },
      () => undefined,
    ),
    refresh: guard(() => refresh().catch(fail), Promise.resolve()),
    destroy: guard(() => {
      if (dead) return;
      void queue?.flush(true);
      queue?.stop();
      dead = true;
      removeEventListener("pagehide", onPagehide);
      removeEventListener("online", onOnline);
      document.removeEventListener("visibilitychange", onHide);
      ui?.destroy();
      for (const h of hosts) dropSheet(h.root, "reserve");
      hosts = [];
      for (const t of Object.keys(subs)) delete subs[t as Topic];
      if (W.revisit === api) delete W.revisit;
      W.revisitQ = [];
    }, undefined),
  };
  W.revisit = api;

  // Replay calls the shop made before we loaded, then take new ones directly.
  const pending = W.revisitQ;
  const call = (cmd: unknown) => {
    if (!Array.isArray(cmd)) return;
    const f = (api as unknown as Record<string, unknown>)[cmd[0] as string];
    if (typeof f === "function" && cmd[0] !== "destroy") (f as (...a: unknown[]) => unknown)(...cmd.slice(1));
  };
  W.revisitQ = { push: (...cmds: unknown[]) => (cmds.forEach(guard(call, undefined)), 0) };
  if (Array.isArray(pending)) pending.forEach(guard(call, undefined));

  if (!consent) {
    // Tracked in memory only, sent if consent is given on this page.
    void domReady.then(trackPage);
    return ready();
  }
  // The placeholders' space is reserved in the script's own task when the page is already parsed
  // (the usual case for an async script): a task later, the page may have painted them at zero
  // height and the reservation itself would shift what is below them (CLS).
  if (document.readyState !== "loading") scan();
  void run().catch(fail);
}

try {
  if (!W.revisit) start();
} catch (e) {
  debug(e);
}
