import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { batches, CODES_PER_REQUEST, MAX_CODE_LENGTH, parseCodes } from "../../console/src/forms/code-csv";

/**
 * The console's code-file reader (console/src/forms/code-csv.ts): what an upload would send must be
 * exactly the file's distinct, valid codes, whatever the spreadsheet that saved it did to it.
 */
describe("code file reader", () => {
  it("reads one code per line with Windows line endings, a BOM, blank lines and a repeated code", () => {
    const r = parseCodes("\uFEFFSAVE5-A\r\nSAVE5-B\r\n\r\nSAVE5-A\r\n  SAVE5-C  \r\n\r\n");
    expect(r.codes).toEqual(["SAVE5-A", "SAVE5-B", "SAVE5-C"]);
    expect(r.duplicates).toBe(1);
    expect(r.invalid).toBe(0);
    expect(r.header).toBe(false);
    expect(r.rows.map((x) => [x.line, x.status])).toEqual([
      [1, "new"],
      [2, "new"],
      [4, "duplicate"],
      [5, "new"],
    ]);
  });

  it("takes the column named code (any case) from a table, with quoted fields holding commas, quotes and line breaks", () => {
    const csv = 'id,Code,uses\n1,"AB,1",0\n2,"say ""hi""",0\n3,"two\nlines",0\n4,,0\n5,AB;2,1\n';
    const r = parseCodes(csv);
    expect(r.header).toBe(true);
    expect(r.codes).toEqual(["AB,1", 'say "hi"', "two\nlines", "AB;2"]);
    expect(r.rows.at(-1)?.line).toBe(7);
  });

  it("reads a semicolon-separated export (spreadsheets in many locales) and old Mac line endings", () => {
    expect(parseCodes("Discount code;Value\rX1;5\rX2;5\r").codes).toEqual(["X1", "X2"]);
    expect(parseCodes("coupon\tvalue\nT1\t5\n").codes).toEqual(["T1"]);
  });

  it("marks codes the API would refuse (over 100 characters) as invalid, never sending them; case matters as in the pool", () => {
    const long = "L".repeat(MAX_CODE_LENGTH + 1);
    const r = parseCodes(`ok\n${long}\n${"M".repeat(MAX_CODE_LENGTH)}\nOK\nok\n`);
    expect(r.codes).toEqual(["ok", "M".repeat(MAX_CODE_LENGTH), "OK"]);
    expect(r.invalid).toBe(1);
    expect(r.duplicates).toBe(1);
  });

  it("finds nothing in an empty or blank file", () => {
    for (const text of ["", "\uFEFF", "\r\n\r\n", "code\n\n", '""\n']) expect(parseCodes(text).codes).toEqual([]);
  });

  it("sends every distinct code exactly once, in file order, whatever the line endings and blank lines (property)", () => {
    const code = fc.stringMatching(/^[A-Z0-9-]{1,12}$/).filter((c) => c.toLowerCase() !== "code" && c.toLowerCase() !== "codes" && c.toLowerCase() !== "coupon");
    fc.assert(
      fc.property(fc.array(fc.tuple(code, fc.constantFrom("\n", "\r\n", "\r", "\n\n", "\r\n \r\n")), { maxLength: 60 }), fc.boolean(), (lines, bom) => {
        const text = (bom ? "\uFEFF" : "") + lines.map(([c, eol]) => c + eol).join("");
        const r = parseCodes(text);
        expect(r.codes).toEqual([...new Set(lines.map(([c]) => c))]);
        expect(r.codes.length + r.duplicates).toBe(lines.length);
      }),
    );
  });

  it("cuts large files into request-sized batches that together hold every code once", () => {
    const codes = Array.from({ length: CODES_PER_REQUEST * 2 + 7 }, (_, i) => `C${i}`);
    const parts = batches(codes);
    expect(parts.map((p) => p.length)).toEqual([CODES_PER_REQUEST, CODES_PER_REQUEST, 7]);
    expect(parts.flat()).toEqual(codes);
    expect(CODES_PER_REQUEST).toBeLessThanOrEqual(10_000);
  });
});
