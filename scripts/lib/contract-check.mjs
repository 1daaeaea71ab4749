// The OpenAPI document as a checker of real answers (issue 15: "the end-to-end suite runs its traffic
// through such a validator"): which operation a concrete request is, whether the answer's status is
// documented for it, and whether its JSON body matches the documented schema. Used by the validating
// proxy (contract-proxy.mjs) that the end-to-end stack puts in front of wrangler dev.
import { gunzipSync, inflateSync, brotliDecompressSync } from 'node:zlib';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const METHODS = ['get', 'put', 'post', 'patch', 'delete', 'head', 'options', 'trace'];

/** `/v1/customers/{customerId}` → `~1v1~1customers~1{customerId}` (a JSON pointer token). */
const token = (s) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * One path template as segments, each a literal string or a regular expression (`{id}`, `{id}.csv`).
 * A segment's weight ranks templates: literal (2) beats mixed (1) beats a bare parameter (0), so
 * `/v1/customers/export` wins over `/v1/customers/{customerId}` for that URL, as in every router.
 */
function compileTemplate(template) {
  const segments = template.split('/').map((s) => {
    if (!s.includes('{')) return { literal: s, weight: 2 };
    const pattern = s.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+');
    return { regex: new RegExp(`^${pattern}$`), weight: /^\{[^}]+\}$/.test(s) ? 0 : 1 };
  });
  return { template, segments };
}

/** Does one `decodeURIComponent`, keeping a segment whose escapes are broken as it is. */
function decode(segment) {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * Builds the checker of one OpenAPI 3.1 document: `match(path)` names the template, `check(answer)`
 * returns the problems of one answer (empty when it keeps the document), or null when the path is not
 * the API's (the widget's files, /admin, /docs): those pass unchecked. Under `roots` (the API's own
 * prefix) a path no template matches is a route missing from the document, unless it answered 404/405.
 * @param {any} doc the OpenAPI document (as served at /openapi.json)
 * @param {{ roots?: string[] }} [options]
 */
export function compileContract(doc, { roots = ['/v1/'] } = {}) {
  // OpenAPI 3.1 schemas are JSON Schema 2020-12; the document is registered whole so `$ref`s to
  // #/components/schemas resolve, and each response schema is compiled once, on first use, by its
  // JSON pointer. Not strict: OpenAPI adds keywords (example, discriminator).
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
  addFormats(ajv);
  ajv.addSchema(doc, 'openapi.json');
  const bySize = new Map();
  for (const template of Object.keys(doc.paths ?? {})) {
    const t = compileTemplate(template);
    bySize.set(t.segments.length, [...(bySize.get(t.segments.length) ?? []), t]);
  }
  const operations = Object.entries(doc.paths ?? {}).flatMap(([template, item]) => METHODS.filter((m) => item[m]).map((m) => `${m.toUpperCase()} ${template}`));

  /** The best template for a concrete path (literal segments beat parameters, leftmost first), or null. */
  function match(path) {
    // Parameters match the segment as sent (an escaped `/` stays inside one), literals its decoded text.
    const parts = path.split('/');
    let best = null;
    for (const t of bySize.get(parts.length) ?? []) {
      if (!t.segments.every((s, i) => (s.regex ? s.regex.test(parts[i]) : s.literal === decode(parts[i])))) continue;
      const i = best ? t.segments.findIndex((s, j) => s.weight !== best.segments[j].weight) : -1;
      if (!best || (i >= 0 && t.segments[i].weight > best.segments[i].weight)) best = t;
    }
    return best?.template ?? null;
  }

  /**
   * The problems of one answer. `body` is the body (unpacked, see `unpack`) when the answer claimed
   * JSON, else null (other bodies are not read).
   * @param {{ method: string, path: string, status: number, headers: Record<string, string | string[] | undefined>, body: Buffer | null }} answer
   * @returns {{ operation: string, problems: string[] } | null}
   */
  function check({ method, path, status, headers, body }) {
    const template = match(path);
    if (!template) {
      const ours = roots.some((r) => path.startsWith(r)) && method !== 'OPTIONS' && status !== 404 && status !== 405;
      return ours ? { operation: `${method.toUpperCase()} ${path}`, problems: [`no path of the document matches ${path}, yet it answered ${status}`] } : null;
    }
    let m = method.toLowerCase();
    const item = doc.paths[template];
    const operation = `${method.toUpperCase()} ${template}`;
    // CORS preflights are the browser's, answered by the Worker for every visitor route; OpenAPI
    // documents the real request they precede. HEAD is GET without a body.
    if (m === 'options' && !item.options) return { operation, problems: [], preflight: true };
    if (m === 'head' && !item.head && item.get) m = 'get';
    const op = item[m];
    if (!op) return { operation, problems: status === 404 || status === 405 ? [] : [`${method.toUpperCase()} is not documented for ${template}, yet answered ${status}`] };
    const responses = op.responses ?? {};
    const key = [String(status), `${String(status)[0]}XX`, 'default'].find((k) => responses[k]);
    if (!key) return { operation, problems: [`status ${status} is not documented (documented: ${Object.keys(responses).join(', ')})`] };
    const documented = responses[key];
    const type = String(headers['content-type'] ?? '')
      .split(';')[0]
      .trim()
      .toLowerCase();
    const length = body?.length ?? Number(headers['content-length'] ?? 0);
    if (!type || status === 204 || status === 304 || m === 'head' || length === 0) return { operation, problems: [] };
    const content = documented.content ?? {};
    const mediaKey = [type, `${type.split('/')[0]}/*`, '*/*'].find((k) => content[k]);
    if (!mediaKey) return { operation, problems: [`a ${type} body is not documented for ${status} (documented: ${Object.keys(content).join(', ') || 'no body'})`] };
    if (!isJson(type) || !body) return { operation, problems: [] };
    if (!content[mediaKey].schema) return { operation, problems: [] };
    let value;
    try {
      value = JSON.parse(body.toString('utf8'));
    } catch (err) {
      return { operation, problems: [`the body is not JSON: ${err.message}`] };
    }
    const ref = `openapi.json#/paths/${token(template)}/${m}/responses/${key}/content/${token(mediaKey)}/schema`;
    const validate = ajv.getSchema(ref);
    if (!validate) return { operation, problems: [`no schema at ${ref}`] };
    if (validate(value)) return { operation, problems: [] };
    return { operation, problems: [ajv.errorsText(validate.errors, { dataVar: 'body' })] };
  }

  return { match, check, operations };
}

/** `application/json`, `application/problem+json`: the bodies the checker reads. */
export const isJson = (type) => type === 'application/json' || type.endsWith('+json');

/** The body as the Worker meant it: unpacked when it was compressed on the way (Accept-Encoding). */
export function unpack(body, encoding) {
  const e = String(encoding ?? '')
    .trim()
    .toLowerCase();
  if (e === 'gzip' || e === 'x-gzip') return gunzipSync(body);
  if (e === 'deflate') return inflateSync(body);
  if (e === 'br') return brotliDecompressSync(body);
  return body;
}
