// A small RFC 4180 CSV reader for catalog imports. The project's own splitter in
// scripts/lib/online-retail.mjs works a line at a time, so it cannot read a quoted field that
// spans lines (product descriptions and titles do); this one reads the whole text as a stream of
// characters and remembers the line each record starts on, so errors can name it.
//
// Handles: a UTF-8 byte order mark, CRLF / LF / CR line ends, quoted fields with commas, quotes
// ("" inside quotes) and line breaks, blank lines (skipped), a ragged last line. No dependency:
// csv-parse would do (MIT, no dependencies, well kept) but is a 1.4 MB package for ~60 lines here.

/**
 * @param {string} text
 * @param {{ delimiter?: string }} [opts]
 * @returns {{ records: Array<{ line: number, fields: string[] }>, problems: Array<{ line: number, reason: string }> }}
 */
export function parseCsv(text, { delimiter = ',' } = {}) {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const records = [];
  const problems = [];
  let fields = [];
  let cur = '';
  let quoted = false;
  let wasQuoted = false;
  let line = 1;
  let start = 1;
  let any = false; // anything (even an empty quoted field) seen on this record
  const endField = () => {
    fields.push(cur);
    cur = '';
    wasQuoted = false;
  };
  const endRecord = () => {
    endField();
    if (any || fields.length > 1 || fields[0] !== '') records.push({ line: start, fields });
    fields = [];
    any = false;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') (cur += '"'), i++;
        else quoted = false;
      } else {
        if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) line++;
        cur += ch;
      }
      continue;
    }
    if (ch === '"') {
      if (cur.trim() === '' && !wasQuoted) {
        cur = '';
        quoted = wasQuoted = any = true;
      } else {
        // A stray quote inside an unquoted field (e.g. 12" pot): keep it as text, as spreadsheets do.
        cur += ch;
      }
    } else if (ch === delimiter) {
      any = true;
      endField();
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      start = line;
    } else {
      if (wasQuoted) {
        // Text after a closing quote ("a"b): keep it, but say so.
        if (ch !== ' ' && ch !== '\t') problems.push({ line, reason: 'text after a closing quote' });
      }
      cur += ch;
      if (ch !== ' ' && ch !== '\t') any = true;
    }
  }
  if (quoted) problems.push({ line: start, reason: 'a quoted field is never closed (the rest of the file was read into it)' });
  if (cur !== '' || fields.length > 0 || any) endRecord();
  return { records, problems };
}
