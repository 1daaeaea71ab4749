/**
 * Regular expressions that travel into the OpenAPI document.
 *
 * A zod `.regex(/…/i)` is published as `pattern: "…/i"`: JSON Schema patterns are ECMA regexes
 * without flags, so the flag became part of the pattern, and every validator reading the document
 * (a Prism proxy, a generated client, a shop's gateway) then refused the real answers of the API
 * (e.g. `GET /v1/site/config`). `caseless` writes the same language without the flag, so the
 * Worker and the document agree. tests/unit/openapi-lint.test.ts checks every published pattern.
 */

const LETTER = /[A-Za-z]/;
/** Escapes that stand for a class of characters (no letters to fold); anything else is refused. */
const SAFE_ESCAPES = new Set(["d", "D", "s", "S", "w", "W", "b", "B"]);

/**
 * The flagless twin of a case-insensitive pattern: every ASCII letter outside a character class
 * becomes `[Xx]`. Refuses (throws at module load, so a test or the first request says so) what it
 * cannot fold safely: letters inside a character class, named groups, and escapes such as `\p{…}`
 * or `\u0041`; write those with both cases yourself.
 */
export function caseless(re: RegExp): RegExp {
  const src = re.source;
  let out = "";
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const ch = src.charAt(i);
    if (ch === "\\") {
      const next = src.charAt(i + 1);
      if (LETTER.test(next) && !SAFE_ESCAPES.has(next)) throw new Error(`caseless(${re}): cannot fold the escape \\${next}`);
      out += ch + next;
      i++;
    } else if (inClass) {
      if (LETTER.test(ch)) throw new Error(`caseless(${re}): write both cases inside [ ] yourself`);
      if (ch === "]") inClass = false;
      out += ch;
    } else if (ch === "[") {
      inClass = true;
      out += ch;
    } else if (ch === "(" && src.startsWith("(?<", i) && !src.startsWith("(?<=", i) && !src.startsWith("(?<!", i)) {
      throw new Error(`caseless(${re}): named groups are not supported`);
    } else {
      out += LETTER.test(ch) ? `[${ch.toUpperCase()}${ch.toLowerCase()}]` : ch;
    }
  }
  return new RegExp(out, re.flags.replace("i", ""));
}
