import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { csvResponse, toCsv, wantsCsv } from "../../worker/platform/csv";

const col = (...keys: string[]) => keys.map((key) => ({ key, label: key }));

/** An RFC 4180 reader, independent of the writer: records of fields. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = "";
  let record: string[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (text[i] === '"' && text[i + 1] === '"') (field += '"'), (i += 2);
        else if (text[i] === '"') break;
        else field += text[i++];
      }
      i++;
    } else if (text[i] === ",") record.push(field), (field = ""), i++;
    else if (text[i] === "\r" && text[i + 1] === "\n") record.push(field), records.push(record), (field = ""), (record = []), (i += 2);
    else field += text[i++];
  }
  if (field || record.length) throw new Error("last record not ended by CRLF");
  return records;
}

describe("toCsv", () => {
  it("writes a header of labels and CRLF-ended records in column order", () => {
    const csv = toCsv(
      [
        { key: "b", label: "Bee" },
        { key: "a", label: "Ay" },
      ],
      [
        { a: 1, b: "x" },
        { a: 2, b: "y", c: "ignored" },
      ],
    );
    expect(csv).toBe("Bee,Ay\r\nx,1\r\ny,2\r\n");
  });

  it("an empty table is its header", () => {
    expect(toCsv(col("period", "orders"), [])).toBe("period,orders\r\n");
  });

  it.each([
    ["plain", "plain"],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\nlines", '"two\nlines"'],
    ["cr\rhere", '"cr\rhere"'],
    ["crlf\r\nhere", '"crlf\r\nhere"'],
    ["", ""],
    ["  spaced  ", "  spaced  "],
    ["مشتری وفادار", "مشتری وفادار"],
  ])("quotes %j as %j", (value, written) => {
    expect(toCsv(col("v"), [{ v: value }])).toBe(`v\r\n${written}\r\n`);
  });

  it.each([
    ['=HYPERLINK("http://x")', '"\'=HYPERLINK(""http://x"")"'],
    ["+1", "'+1"],
    ["-1", "'-1"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\tcmd", "'\tcmd"],
    ["\rcmd", '"\'\rcmd"'],
    ["=1,2", '"\'=1,2"'],
    ["a=1", "a=1"],
    ["1-2", "1-2"],
  ])("guards formula text %j as %j", (value, written) => {
    expect(toCsv(col("v"), [{ v: value }])).toBe(`v\r\n${written}\r\n`);
  });

  it("guards header labels too", () => {
    expect(toCsv([{ key: "x", label: "=x" }], [])).toBe("'=x\r\n");
  });

  it.each([
    [-5, "-5"],
    [-0.25, "-0.25"],
    [0, "0"],
    [-0, "0"],
    [1234567.891, "1234567.891"],
    [0.1 + 0.2, "0.30000000000000004"],
    [1e21, "1000000000000000000000"],
    [1.5e22, "15000000000000000000000"],
    [1.5e-7, "0.00000015"],
    [-2.5e-8, "-0.000000025"],
    [Number.NaN, ""],
    [Number.POSITIVE_INFINITY, ""],
    [null, ""],
    [undefined, ""],
    [true, "true"],
    [false, "false"],
    [12n, "12"],
  ])("writes %s as %j", (value, written) => {
    expect(toCsv(col("v"), [{ v: value }])).toBe(`v\r\n${written}\r\n`);
  });

  it("a missing key is an empty field", () => {
    expect(toCsv(col("a", "b"), [{ a: 1 }])).toBe("a,b\r\n1,\r\n");
  });

  it("numbers are never written with an exponent and read back as the same number", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => {
        const field = toCsv(col("v"), [{ v: n }]).split("\r\n")[1];
        expect(field).toMatch(/^-?\d+(\.\d+)?$/);
        expect(Number(field)).toBe(n === 0 ? 0 : n);
      }),
    );
  });

  it("any strings read back exactly (after the formula guard) with an RFC 4180 parser", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string(), fc.string({ unit: "grapheme" })), { maxLength: 5 }), (pairs) => {
        const rows = pairs.map(([a, b]) => ({ a, b }));
        const parsed = parseCsv(toCsv(col("a", "b"), rows));
        const guard = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);
        expect(parsed).toEqual([["a", "b"], ...pairs.map(([a, b]) => [guard(a), guard(b)])]);
      }),
    );
  });
});

describe("wantsCsv", () => {
  it.each([
    [undefined, false],
    ["", false],
    ["*/*", false],
    ["text/csv", true],
    ["TEXT/CSV", true],
    ["text/csv; charset=utf-8", true],
    ["text/*", true],
    ["application/json", false],
    ["application/json, text/csv;q=0.5", false],
    ["application/json;q=0.5, text/csv", true],
    ["text/csv;q=0.9, application/json;q=0.8", true],
    ["text/csv, application/json", false],
    ["text/csv, */*", true],
    ["text/csv;q=0.5, */*", false],
    ["text/csv;q=0", false],
    ["text/csv;q=0, */*", false],
    ["text/csv;q=0.000", false],
    ["text/csv;q=abc", false],
    ["text/csv;q=2", false],
    ["text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", false],
    ["application/*;q=0.2, text/csv;q=0.3", true],
    ["text/plain, application/xml", false],
    ["garbage", false],
  ])("%j → %s", (accept, csv) => {
    expect(wantsCsv(accept)).toBe(csv);
  });
});

describe("csvResponse", () => {
  it("is a UTF-8 download with a byte-order mark, not cached", async () => {
    const r = csvResponse("a\r\nمشتری\r\n", "revisit-summary.csv");
    expect(r.status).toBe(200);
    expect(r.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(r.headers.get("Content-Disposition")).toBe('attachment; filename="revisit-summary.csv"');
    expect(r.headers.get("Cache-Control")).toBe("no-store");
    const bytes = new Uint8Array(await r.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes)).toBe("\uFEFFa\r\nمشتری\r\n");
  });

  it("does not add a second byte-order mark", async () => {
    const bytes = new Uint8Array(await csvResponse("\uFEFFa\r\n", "a.csv").arrayBuffer());
    expect(bytes.length).toBe(3 + 3);
  });

  it.each([
    ['x"; evil=1.csv', "x___evil_1.csv"],
    ["../../etc/passwd", "_.._etc_passwd"],
    [".hidden.csv", "hidden.csv"],
    ["مشتری.csv", "_____.csv"],
    ["ok-name_1.2.csv", "ok-name_1.2.csv"],
    ["a\r\nSet-Cookie: x", "a__Set-Cookie__x"],
    ["", "table.csv"],
    ["...", "table.csv"],
  ])("sanitises the filename %j to %j", (name, safe) => {
    expect(csvResponse("", name).headers.get("Content-Disposition")).toBe(`attachment; filename="${safe}"`);
  });
});
