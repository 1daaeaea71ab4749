/**
 * Reading a shop's discount-code file in the browser, before anything is sent: shops export codes
 * from Shopify, a spreadsheet or a code generator, so the file may be one code per line or a table
 * with a `code` column, saved with Windows line endings, a byte-order mark, quotes or semicolons.
 * The result says exactly what an upload would add, so the owner sees duplicates and bad rows first.
 */

/** The API's own bound for one code (`PUT /v1/loyalty/rewards/{id}/codes` and `/v1/offers/{id}/codes`: 1–100 characters). */
export const MAX_CODE_LENGTH = 100;
/** Codes per request: the API takes at most 10,000, and 5,000 codes of 100 characters stay well under the 1 MB body limit. */
export const CODES_PER_REQUEST = 5000;

/** One row of the file as the preview shows it: its line, the code, and what happens to it. */
export interface CodeRow {
  line: number;
  code: string;
  status: "new" | "duplicate" | "invalid";
}

/** What a file holds: the codes to send (in file order, each once) and every non-blank row's fate. */
export interface ParsedCodes {
  codes: string[];
  rows: CodeRow[];
  duplicates: number;
  invalid: number;
  /** Whether the first row was a header naming the `code` column (and was skipped). */
  header: boolean;
}

/** Splits CSV text into records of fields (RFC 4180: quoted fields may hold the delimiter, line breaks and doubled quotes). */
export function csvRecords(text: string, delimiter: string): { fields: string[]; line: number }[] {
  const out: { fields: string[]; line: number }[] = [];
  let fields: string[] = [];
  let field = "";
  let quoted = false;
  let line = 1;
  let start = 1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === "\n") line++;
        field += ch;
      }
    } else if (ch === '"' && field.trim() === "") {
      field = "";
      quoted = true;
    } else if (ch === delimiter) {
      fields.push(field);
      field = "";
    } else if (ch === "\r" || ch === "\n") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      fields.push(field);
      out.push({ fields, line: start });
      fields = [];
      field = "";
      line++;
      start = line;
    } else field += ch;
  }
  if (field !== "" || fields.length > 0) {
    fields.push(field);
    out.push({ fields, line: start });
  }
  return out;
}

/** Column names a code column goes by in exports (compared trimmed, in lower case). */
const HEADER_NAMES = new Set(["code", "codes", "discount code", "coupon code", "coupon"]);

/** The delimiter of the first line: a comma, or a semicolon or tab when the file uses those instead (spreadsheets in many locales do). */
function guessDelimiter(text: string): string {
  const first = text.split(/\r\n|\r|\n/, 1)[0] ?? "";
  const count = (c: string) => first.split(c).length - 1;
  const [best] = [",", ";", "\t"].sort((a, b) => count(b) - count(a));
  return best && count(best) > 0 ? best : ",";
}

/**
 * Reads a code file: strips a BOM, finds the `code` column (any case; also "discount code", "coupon") when the first row names it,
 * else takes the first column; trims each code, drops blank rows, keeps the first of each
 * duplicate (codes are case-sensitive, as the pool stores them) and marks codes the API would
 * refuse (over 100 characters) as invalid.
 */
export function parseCodes(text: string): ParsedCodes {
  const clean = text.replace(/^\uFEFF/, "");
  const records = csvRecords(clean, guessDelimiter(clean));
  const head = records[0]?.fields.map((f) => f.trim().toLowerCase()) ?? [];
  const column = head.findIndex((h) => HEADER_NAMES.has(h));
  const header = column >= 0;
  const seen = new Set<string>();
  const result: ParsedCodes = { codes: [], rows: [], duplicates: 0, invalid: 0, header };
  for (const record of header ? records.slice(1) : records) {
    const code = (record.fields[header ? column : 0] ?? "").trim();
    if (code === "") continue;
    let status: CodeRow["status"] = "new";
    if (code.length > MAX_CODE_LENGTH) status = "invalid";
    else if (seen.has(code)) status = "duplicate";
    if (status === "new") {
      seen.add(code);
      result.codes.push(code);
    } else if (status === "duplicate") result.duplicates++;
    else result.invalid++;
    result.rows.push({ line: record.line, code, status });
  }
  return result;
}

/** Cuts the codes into request-sized batches (order kept). */
export function batches(codes: readonly string[], size = CODES_PER_REQUEST): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < codes.length; i += size) out.push(codes.slice(i, i + size));
  return out;
}
