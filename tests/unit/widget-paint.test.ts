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
});
