/** How the paint chunk splits the styles the server sends with each block. Pure. */

/**
 * Where the styles every block carries stop being the same, cut after a whole top-level rule:
 * that part (the UI's shared styles) is parsed once for every block, as the UI does, and only
 * what a block adds (loyalty's, the survey's, the hearts', the site's theme) is a sheet of its own.
 */
export function sharedUpTo(texts: string[]): number {
  const [a = "", ...rest] = texts;
  let n = a.length;
  for (const t of rest) {
    let i = 0;
    while (i < n && t.charCodeAt(i) === a.charCodeAt(i)) i++;
    n = i;
  }
  let depth = 0;
  let cut = 0;
  for (let i = 0; i < n; i++) {
    if (a[i] === "{") depth++;
    else if (a[i] === "}" && !--depth) cut = i + 1;
  }
  return cut;
}
