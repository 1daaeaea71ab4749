/**
 * Which URLs the Worker may call on a site's behalf (webhook endpoints, code-minting webhooks).
 *
 * A site's config names these URLs, and the Worker then POSTs to them and reports what happened
 * (the deliveries log; a minted code reaches the shopper). Without a check, a config author could
 * point them at loopback, private, link-local or cloud-metadata addresses and use Revisit as a
 * server-side request forgery proxy or a port scanner. So: https to a public host only, with one
 * exception for local development (`http://localhost:PORT` and `http://127.0.0.1:PORT`, exactly
 * those spellings, only while the Worker var `DEV_ALLOW_LOCAL_WEBHOOKS` is "1").
 *
 * The URL is parsed the WHATWG way (`new URL`, as `fetch` does), which already turns decimal,
 * octal, hex and short IPv4 spellings (`2130706433`, `0177.0.0.1`, `0x7f.1`, `127.1`) into dotted
 * form and IPv6 into compressed hex; the checks below then look at that normalized hostname.
 * Names that only resolve to private addresses through DNS cannot be seen here (a Worker cannot
 * resolve first); Cloudflare's edge does not route Worker fetches to private networks.
 * Pure: no I/O, no globals, so the same function serves validation and every delivery.
 */

/** Why a URL was refused: `invalid` (not a URL), `https` (plain http to a public host), `address` (private/local target), `userinfo` (`user:pass@`). */
export type OutboundRefusal = "invalid" | "https" | "address" | "userinfo";

/** The verdict on one URL; `ok: false` says why in a fixed, short vocabulary. */
export type OutboundVerdict = { ok: true; url: URL } | { ok: false; refusal: OutboundRefusal };

/** What the caller allows beyond public https: only the local-development exception. */
export interface OutboundPolicy {
  /** Allow exactly `http://localhost:PORT` and `http://127.0.0.1:PORT` (`npm start`, tests). */
  allowLocalDev: boolean;
}

/** Messages for a 400 at config time: say what to fix, name the variable of the dev exception. */
export const REFUSAL_MESSAGES: Record<OutboundRefusal, string> = {
  invalid: "a valid URL",
  https: "an https URL (plain http only for http://localhost:PORT or http://127.0.0.1:PORT with DEV_ALLOW_LOCAL_WEBHOOKS=1)",
  address: "a public address (loopback, private, link-local, metadata and reserved addresses are refused)",
  userinfo: "a URL without user:password@",
};

/** What a deliveries log records for a refused target: fixed text, nothing a scan could read. */
export const REFUSAL_REASONS: Record<OutboundRefusal, string> = {
  invalid: "refused: invalid URL",
  https: "refused: https required",
  address: "refused: private or local address",
  userinfo: "refused: credentials in URL",
};

/** Whether the Worker runs with the local-development exception on (never set by a deploy). */
export function allowsLocalDev(env: { DEV_ALLOW_LOCAL_WEBHOOKS?: string | undefined }): boolean {
  return env.DEV_ALLOW_LOCAL_WEBHOOKS === "1";
}

/** The dev exception, checked on the raw text so no other spelling of loopback slips through. */
const DEV_LOCAL = /^http:\/\/(localhost|127\.0\.0\.1):\d{1,5}(?:[/?#]|$)/;

/** Name suffixes that only mean something inside a network (RFC 6761, 6762, 8375; cloud metadata). */
const LOCAL_SUFFIXES = ["localhost", "local", "internal", "localdomain", "lan", "intranet", "home.arpa"];

/** IPv4 ranges that are never a shop's public endpoint: [first address, prefix length]. */
const V4_REFUSED: [string, number][] = [
  ["0.0.0.0", 8], // "this network"; 0.0.0.0 reaches the local host
  ["10.0.0.0", 8], // private
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8], // loopback
  ["169.254.0.0", 16], // link-local, incl. 169.254.169.254 metadata
  ["172.16.0.0", 12], // private
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.0.2.0", 24], // documentation
  ["192.88.99.0", 24], // 6to4 relay anycast
  ["192.168.0.0", 16], // private
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24], // documentation
  ["203.0.113.0", 24], // documentation
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, incl. 255.255.255.255 broadcast
];

/** A dotted IPv4 address as a 32-bit number, or null when `s` is not exactly four decimal octets. */
export function ipv4ToNumber(s: string): number | null {
  const parts = s.split(".");
  if (parts.length !== 4) return null;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return null;
    n = n * 256 + Number(p);
  }
  return n;
}

const V4_RANGES = V4_REFUSED.map(([base, bits]) => ({ base: ipv4ToNumber(base) as number, size: 2 ** (32 - bits) }));

/** Whether an IPv4 address (as a number) lies in a loopback, private, link-local or reserved range. */
export function isRefusedIpv4(n: number): boolean {
  return V4_RANGES.some((r) => n >= r.base && n < r.base + r.size);
}

/** An IPv6 address (no brackets, no zone) as eight 16-bit groups, or null when it is not one. */
export function ipv6Groups(s: string): number[] | null {
  let text = s.toLowerCase();
  const tail: number[] = [];
  const v4 = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const n = ipv4ToNumber(v4[2] as string);
    if (n === null) return null;
    tail.push(Math.floor(n / 65536), n % 65536);
    text = (v4[1] as string).endsWith("::") ? (v4[1] as string) : (v4[1] as string).slice(0, -1);
  }
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const parse = (h: string) => (h === "" ? [] : h.split(":").map((g) => (/^[0-9a-f]{1,4}$/.test(g) ? parseInt(g, 16) : NaN)));
  const head = parse(halves[0] as string);
  const rest = halves.length === 2 ? parse(halves[1] as string) : [];
  const given = head.length + rest.length + tail.length;
  if ([...head, ...rest].some(Number.isNaN)) return null;
  if (halves.length === 1 ? given !== 8 : given > 7) return null;
  return [...head, ...new Array<number>(8 - given).fill(0), ...rest, ...tail];
}

/** Whether an IPv6 address (eight groups) is local, private, reserved or carries a refused IPv4. */
export function isRefusedIpv6(g: number[]): boolean {
  const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0, h = 0, i = 0] = g;
  const v4 = (hi: number, lo: number) => hi * 65536 + lo;
  if (a === 0 && b === 0 && c === 0 && d === 0 && e === 0) {
    // ::, ::1, IPv4-compatible (::a.b.c.d) and IPv4-mapped (::ffff:a.b.c.d): an IPv4 in disguise or local.
    return f === 0 || f === 0xffff;
  }
  if (a === 0 && b === 0 && c === 0 && d === 0 && e === 0xffff && f === 0) return true; // ::ffff:0:a.b.c.d (SIIT)
  if (a === 0x64 && b === 0xff9b && c === 0 && d === 0 && e === 0 && f === 0) return isRefusedIpv4(v4(h, i)); // NAT64 well-known prefix
  if (a === 0x64 && b === 0xff9b && c === 1) return true; // NAT64 local-use 64:ff9b:1::/48
  if (a === 0x2002) return isRefusedIpv4(v4(b, c)); // 6to4 embeds an IPv4
  if (a === 0x2001 && b < 0x0200) return true; // IETF assignments 2001::/23: Teredo (an obfuscated IPv4), ORCHID, benchmarking
  if (a === 0x2001 && b === 0x0db8) return true; // documentation
  if (a === 0x3fff && b < 0x1000) return true; // documentation 3fff::/20
  if ((a & 0xfe00) === 0xfc00) return true; // unique local fc00::/7
  if ((a & 0xffc0) === 0xfe80 || (a & 0xffc0) === 0xfec0) return true; // link-local fe80::/10, site-local fec0::/10
  if ((a & 0xff00) === 0xff00) return true; // multicast
  return a < 0x2000 || a > 0x3fff; // outside global unicast 2000::/3: unassigned or special
}

/** Whether a normalized hostname (as `URL.hostname` gives it) names a place a shop's endpoint cannot be. */
export function isRefusedHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.+$/, "");
  if (host.startsWith("[")) {
    const groups = host.endsWith("]") && !host.includes("%") ? ipv6Groups(host.slice(1, -1)) : null;
    return groups === null || isRefusedIpv6(groups);
  }
  const v4 = ipv4ToNumber(host);
  if (v4 !== null) return isRefusedIpv4(v4);
  // A name with no dot (`metadata`, `intranet`) resolves through search domains, inside a network.
  if (host === "" || !host.includes(".")) return true;
  // Only digits and dots but not an IPv4: WHATWG would have parsed or refused it; be safe.
  if (/^[\d.]+$/.test(host)) return true;
  return LOCAL_SUFFIXES.some((s) => host === s || host.endsWith(`.${s}`));
}

/**
 * The one check for outbound URLs: https to a public host, or (with `allowLocalDev`) exactly
 * `http://localhost:PORT` / `http://127.0.0.1:PORT`. Used by the config schemas (a 400 naming the
 * field) and again right before every call (configs stored earlier, a dev setting since removed).
 */
export function checkOutboundUrl(raw: string, policy: OutboundPolicy): OutboundVerdict {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, refusal: "invalid" };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return { ok: false, refusal: "invalid" };
  if (url.username !== "" || url.password !== "" || /^[a-z]+:\/\/[^/?#]*@/i.test(raw.trim())) return { ok: false, refusal: "userinfo" };
  if (policy.allowLocalDev && DEV_LOCAL.test(raw) && url.protocol === "http:" && (url.hostname === "localhost" || url.hostname === "127.0.0.1")) return { ok: true, url };
  if (isRefusedHost(url.hostname)) return { ok: false, refusal: "address" };
  if (url.protocol !== "https:") return { ok: false, refusal: "https" };
  return { ok: true, url };
}

/** A failed outbound call as the merchant sees it: "timeout" or "connection failed", never the runtime's message. */
export function deliveryError(err: unknown): "timeout" | "connection failed" {
  return err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError") ? "timeout" : "connection failed";
}
