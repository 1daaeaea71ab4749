/**
 * Tables as CSV (RFC 4180) for `Accept: text/csv`, so a shop can open any insight in a
 * spreadsheet. Pure: `toCsv` builds the text, `wantsCsv` reads the Accept header, `csvResponse`
 * wraps the text for download.
 */

/** One column of a CSV table: the row key it reads and the header it shows. */
export interface CsvColumn {
  key: string;
  label: string;
}

/**
 * First characters that make Excel, LibreOffice or Google Sheets read a cell as a formula
 * (OWASP "CSV injection"): a customer could name themselves `=HYPERLINK(...)`.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** A number written out in full: `String()` switches to exponents below 1e-6 and from 1e21, which spreadsheets may read as text. */
function plainNumber(n: number): string {
  if (!Number.isFinite(n)) return "";
  const s = String(n);
  const e = s.indexOf("e");
  if (e < 0) return s;
  const sign = s.startsWith("-") ? "-" : "";
  const mantissa = s.slice(sign.length, e);
  const exponent = Number(s.slice(e + 1));
  const point = mantissa.indexOf(".");
  const digits = mantissa.replace(".", "");
  // Where the decimal point falls in `digits` once the exponent is applied.
  const at = (point < 0 ? mantissa.length : point) + exponent;
  if (at <= 0) return `${sign}0.${"0".repeat(-at)}${digits}`;
  if (at >= digits.length) return `${sign}${digits}${"0".repeat(at - digits.length)}`;
  return `${sign}${digits.slice(0, at)}.${digits.slice(at)}`;
}

/** One cell's text: numbers and booleans as written in JSON, strings guarded against formulas, quoted when RFC 4180 says so. */
function cell(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return plainNumber(value);
  if (typeof value === "boolean" || typeof value === "bigint") return String(value);
  let s = typeof value === "string" ? value : value instanceof Date ? value.toISOString() : JSON.stringify(value);
  if (FORMULA_START.test(s)) s = `'${s}`;
  return NEEDS_QUOTES.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/**
 * A table as RFC 4180 CSV: a header row of labels, then one record per row in column order,
 * every line ended by CRLF. Numbers stay numbers (negative ones too); text that a spreadsheet
 * would run as a formula gets a leading `'`, so a customer-chosen name cannot become one.
 */
export function toCsv(columns: readonly CsvColumn[], rows: readonly Record<string, unknown>[]): string {
  const lines = [columns.map((c) => cell(c.label)).join(",")];
  for (const row of rows) lines.push(columns.map((c) => cell(row[c.key])).join(","));
  return `${lines.join("\r\n")}\r\n`;
}

/** How well a media range matches a type: q-value first, then how specific the range was (exact > type/* > *\/*). */
interface Match {
  q: number;
  specificity: number;
}

/** The q-value and specificity the best (most specific) range of an Accept header gives a media type; q 0 when none matches. */
function matchOf(ranges: readonly { type: string; subtype: string; q: number }[], type: string, subtype: string): Match {
  let best: Match = { q: 0, specificity: -1 };
  for (const r of ranges) {
    const specificity = r.type === type && r.subtype === subtype ? 2 : r.type === type && r.subtype === "*" ? 1 : r.type === "*" && r.subtype === "*" ? 0 : -1;
    if (specificity > best.specificity) best = { q: r.q, specificity };
  }
  return best.specificity < 0 ? { q: 0, specificity: -1 } : best;
}

/** The media ranges of an Accept header with their q-values (RFC 9110 §12.5.1); malformed entries are skipped. */
function parseAccept(accept: string) {
  const out: { type: string; subtype: string; q: number }[] = [];
  for (const part of accept.split(",")) {
    const [range = "", ...params] = part.split(";");
    const m = /^\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)\/([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*$/.exec(range);
    if (!m) continue;
    let q = 1;
    for (const p of params) {
      const eq = p.indexOf("=");
      if (eq < 0 || p.slice(0, eq).trim().toLowerCase() !== "q") continue;
      // A malformed q-value ("abc", "2") counts as 0: the client said something we cannot honour.
      const value = p.slice(eq + 1).trim();
      q = /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/.test(value) ? Number(value) : 0;
      break;
    }
    out.push({ type: String(m[1]).toLowerCase(), subtype: String(m[2]).toLowerCase(), q });
  }
  return out;
}

/**
 * Whether a request asks for CSV rather than JSON: text/csv must get a higher q-value than
 * application/json, or the same q-value from a more specific range (`text/csv, *\/*`). A bare
 * `*\/*`, no header, or a tie between the two named types gives JSON, the API's own format.
 */
export function wantsCsv(accept: string | undefined): boolean {
  if (!accept) return false;
  const ranges = parseAccept(accept);
  const csv = matchOf(ranges, "text", "csv");
  const json = matchOf(ranges, "application", "json");
  if (csv.q <= 0) return false;
  return csv.q > json.q || (csv.q === json.q && csv.specificity > json.specificity);
}

/** A download name safe inside a quoted header parameter and on any file system: only [A-Za-z0-9._-], no leading dot. */
function safeFilename(name: string): string {
  const s = name
    .replace(/[^A-Za-z0-9._-]/g, "_")
    .replace(/^\.+/, "")
    .slice(0, 120);
  return s || "table.csv";
}

/** UTF-8 byte-order mark. */
const BOM = "\uFEFF";

/**
 * A CSV download. The text starts with a UTF-8 byte-order mark because Excel, without one, opens
 * CSV in the machine's legacy code page and shows Arabic and Persian names as mojibake; other
 * spreadsheets and RFC 4180 parsers skip it. `no-store`: insights are private and change as
 * orders arrive.
 */
export function csvResponse(body: string, filename: string): Response {
  return new Response(body.startsWith(BOM) ? body : BOM + body, {
    status: 200,
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${safeFilename(filename)}"`,
      "Cache-Control": "no-store",
    },
  });
}
