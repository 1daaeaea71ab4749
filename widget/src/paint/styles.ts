/** How the paint chunk splits the styles the server sends with each block. Pure. */

/**
 * Where the styles every block carries stop being the same, cut after a whole top-level rule:
 * that part (the UI's shared styles) is parsed once for every block, as the UI does, and only
 * what a block adds (loyalty's, the survey's, the hearts', the site's theme) is a sheet of its own.
 */
export function sharedUpTo(texts: string[]): number {
  const [a = "", ...rest] = texts;
  let n = a.length;
  // Native comparisons only (a loop over characters cost 4-12 ms at 4x CPU for ~12 KB of styles a
  // block): the longest shared start by binary search, since a shorter start is shared when a longer one is.
  for (const t of rest) {
    if (t.startsWith(a.slice(0, n))) continue;
    let lo = 0;
    while (lo < n - 1) {
      const mid = (lo + n) >> 1;
      if (t.startsWith(a.slice(0, mid))) lo = mid;
      else n = mid;
    }
    n = lo;
  }
  let depth = 0;
  let cut = 0;
  const braces = /[{}]/g;
  for (let m = braces.exec(a); m && m.index < n; m = braces.exec(a)) {
    if (m[0] === "{") depth++;
    else if (!--depth) cut = m.index + 1;
  }
  return cut;
}
