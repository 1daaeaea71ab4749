/**
 * The blocks edge mode renders carry their styles in `<style>` elements inside declarative shadow
 * roots (the widget itself uses constructed stylesheets, which a CSP does not govern). A shop whose
 * Content-Security-Policy limits styles would block them, and the blocks would show unstyled until
 * the widget takes over: so the edge allows exactly those style texts, by hash, in the policy of
 * the page it serves (never `'unsafe-inline'`, never anything else).
 */

/** Hashes already computed in this isolate: the blocks' style texts are the same on every page of a site. */
const known = new Map<string, Promise<string>>();

/** `'sha256-…'` of a style element's text, as CSP hashes it (UTF-8, base64); computed once per text and isolate. */
export function styleHash(css: string): Promise<string> {
  let h = known.get(css);
  if (!h) {
    if (known.size >= 64) known.clear(); // a bound, in case themes change a lot
    known.set(css, (h = digest(css)));
  }
  return h;
}

async function digest(css: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(css)));
  let bin = "";
  for (const b of digest) bin += String.fromCharCode(b);
  return `'sha256-${btoa(bin)}'`;
}

/**
 * The policy with `hashes` allowed for `<style>` elements. A directive that already allows inline
 * styles (`'unsafe-inline'` without hashes or nonces, where a hash would switch it off) or a
 * policy without style limits is returned as it was. Otherwise the hashes join the directive that
 * governs style elements: `style-src-elem`, else `style-src`, else a new `style-src` copying
 * `default-src`.
 */
export function allowStyles(policy: string, hashes: readonly string[]): string {
  if (!hashes.length || !policy.trim()) return policy;
  const parts = policy
    .split(";")
    .map((d) => d.trim())
    .filter(Boolean);
  const find = (name: string) => parts.findIndex((d) => d.toLowerCase().split(/\s+/)[0] === name);
  let i = find("style-src-elem");
  if (i < 0) i = find("style-src");
  if (i < 0) {
    const def = find("default-src");
    if (def < 0) return policy; // styles are not limited
    parts.push(`style-src ${parts[def]!.split(/\s+/).slice(1).join(" ")}`);
    i = parts.length - 1;
  }
  const tokens = parts[i]!.split(/\s+/);
  const lower = tokens.map((t) => t.toLowerCase());
  const inlineAllowed = lower.includes("'unsafe-inline'") && !lower.some((t) => t.startsWith("'sha") || t.startsWith("'nonce-"));
  if (inlineAllowed || lower.includes("*")) return policy;
  parts[i] = [...tokens.filter((t) => t.toLowerCase() !== "'none'"), ...hashes.filter((h) => !tokens.includes(h))].join(" ");
  return parts.join("; ");
}

/** The text of every `<style>` element in rendered blocks (each distinct text once). */
export function styleTexts(html: readonly string[]): string[] {
  const out = new Set<string>();
  for (const h of html) for (const m of h.matchAll(/<style>([\s\S]*?)<\/style>/g)) out.add(m[1]!);
  return [...out];
}
