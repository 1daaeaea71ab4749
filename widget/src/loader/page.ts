/** What the loader reads from the page itself, and how it gives the page its main thread back. */

/** Yields to the page: `scheduler.yield()` where the browser has it, else a new task. */
export const nextTask = (): Promise<void> => {
  const sch = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  return sch?.yield ? sch.yield() : new Promise((r) => setTimeout(r, 0));
};

/** Resolves once the document is parsed (at once when it already is): placeholders exist by then. */
export const whenParsed = (): Promise<void> => new Promise((r) => (document.readyState === "loading" ? document.addEventListener("DOMContentLoaded", () => r(), { once: true }) : r()));

/**
 * The page's `<meta name="revisit:…">` values (first of each name), in one walk of the document:
 * a `querySelector` for a tag the page does not have walks the whole document each time.
 */
export const metas = (): Record<string, string> => {
  const m: Record<string, string> = {};
  const all = document.getElementsByTagName("meta");
  for (let i = 0; i < all.length; i++) {
    const n = all[i]!.name;
    if (n.startsWith("revisit:") && !(n.slice(8) in m)) m[n.slice(8)] = all[i]!.content.trim();
  }
  return m;
};
