/**
 * First-party storage that never throws: localStorage when the browser allows it, memory
 * otherwise (Safari private mode, blocked storage, sandboxed iframes). `enabled` is off while
 * consent is pending, and then nothing touches the device at all.
 */
const mem = new Map<string, string>();
let ls: Storage | null | undefined;

function local(): Storage | null {
  if (ls === undefined) {
    try {
      ls = window.localStorage;
      ls.setItem("revisit:t", "1");
      ls.removeItem("revisit:t");
    } catch {
      ls = null;
    }
  }
  return ls;
}

export const storage = {
  /** False while `data-consent="required"` waits for `revisit.consent(true)`: memory only. */
  enabled: true,
  get(k: string): string | null {
    try {
      if (storage.enabled) return local()?.getItem(k) ?? mem.get(k) ?? null;
    } catch {
      /* fall back to memory */
    }
    return mem.get(k) ?? null;
  },
  set(k: string, v: string) {
    mem.set(k, v);
    try {
      if (storage.enabled) local()?.setItem(k, v);
    } catch {
      /* quota or blocked: memory copy is enough */
    }
  },
  del(k: string) {
    mem.delete(k);
    try {
      local()?.removeItem(k);
    } catch {
      /* ignore */
    }
  },
};

const COOKIE = "revisit_vid";

/** Reads the first-party visitor cookie (survives localStorage being cleared by ITP). */
export function readCookie(): string | null {
  try {
    const m = document.cookie.match(/(?:^|;\s*)revisit_vid=([A-Za-z0-9_-]{16,64})/);
    return m ? m[1]! : null;
  } catch {
    return null;
  }
}

/** Writes (or with `null`, expires) the visitor cookie: 400 days, the browsers' cap. */
export function writeCookie(v: string | null) {
  try {
    if (v && !storage.enabled) return;
    const secure = location.protocol === "https:" ? ";secure" : "";
    document.cookie = `${COOKIE}=${v || ""};path=/;max-age=${v ? 34_560_000 : 0};samesite=lax${secure}`;
  } catch {
    /* cookies blocked */
  }
}

/** Random hex id from `crypto.getRandomValues` (16 bytes = 128 bits by default). */
export function randomId(bytes = 16): string {
  const a = new Uint8Array(bytes);
  try {
    crypto.getRandomValues(a);
  } catch {
    for (let i = 0; i < bytes; i++) a[i] = (Math.random() * 256) | 0;
  }
  return Array.from(a, (b) => (b < 16 ? "0" : "") + b.toString(16)).join("");
}
