import { describe, expect, it } from "vitest";
import { sharedUpTo } from "../../widget/src/paint/styles";

/** The paint chunk parses the styles every block shares once, and each block's own part apart. */
describe("sharedUpTo", () => {
  const base = ":host{color:red}.a{margin:0}";
  it("cuts after the last whole rule every block's styles share", () => {
    const texts = [`${base}.loyalty{x:1}`, `${base}.survey{y:2}`, base];
    expect(texts[0]!.slice(0, sharedUpTo(texts))).toBe(base);
  });
  it("never cuts inside a rule both texts begin alike", () => {
    const texts = [`${base}.b{color:blue}`, `${base}.b{color:green}`];
    expect(sharedUpTo(texts)).toBe(base.length);
  });
  it("never cuts inside an at-rule block", () => {
    const texts = [`${base}@media (min-width:1px){.c{x:1}.d{y:1}}`, `${base}@media (min-width:1px){.c{x:1}.e{y:1}}`];
    expect(sharedUpTo(texts)).toBe(base.length);
  });
  it("takes one block's styles whole, and nothing from none", () => {
    expect(sharedUpTo([base])).toBe(base.length);
    expect(sharedUpTo([])).toBe(0);
    expect(sharedUpTo(["", base])).toBe(0);
  });
  it("agrees with a character-by-character reading on many generated style sets", () => {
    // The reference: the shared start by characters, cut after the last whole top-level rule in it.
    const naive = (texts: string[]) => {
      const [a = "", ...rest] = texts;
      let n = a.length;
      for (const t of rest) {
        let i = 0;
        while (i < n && t[i] === a[i]) i++;
        n = i;
      }
      let depth = 0;
      let cut = 0;
      for (let i = 0; i < n; i++) {
        if (a[i] === "{") depth++;
        else if (a[i] === "}" && !--depth) cut = i + 1;
      }
      return cut;
    };
    let seed = 7;
    const rnd = (k: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), (seed >>> 16) % k); // high bits: an LCG's low bits repeat
    const rule = () => (rnd(4) ? `.r${rnd(3)}{a:1${rnd(2) ? ";b:2" : ""}}` : `@media (x){.m${rnd(2)}{b:1${rnd(2) ? ";c:2" : ""}}}`);
    for (let run = 0; run < 300; run++) {
      const shared = Array.from({ length: rnd(6) }, rule).join("");
      const texts = Array.from({ length: 1 + rnd(5) }, () => shared + Array.from({ length: rnd(4) }, rule).join(""));
      expect(sharedUpTo(texts)).toBe(naive(texts));
    }
  });
});
