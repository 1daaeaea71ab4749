// The UCI "Online Retail" order lines (../shared/data/online-retail/, CC BY 4.0, Daqing Chen)
// turned into what a shop's backend would send Revisit: paid orders and refunds, per customer,
// in time order. Used by `npm run replay` and by the loyalty verification test.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

/** Splits one CSV line (RFC 4180 quoting; descriptions may hold commas and quotes). */
function splitCsv(line) {
  const out = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') (cur += '"'), i++;
      else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') out.push(cur), (cur = '');
    else cur += ch;
  }
  out.push(cur);
  return out;
}

const money = (n) => Math.round(n * 100) / 100;
/** Shop local time, read as UTC so a replay gives the same result on every machine. */
const toIso = (s) => `${s.replace(' ', 'T')}Z`;

/**
 * Reads the file (gzip or plain) into per-customer event lists. Guest lines (no CustomerID) are
 * skipped. A cancellation invoice (`C…`) becomes refunds: each of its lines is matched to the
 * customer's most recent earlier order holding that product (else their latest earlier order),
 * and lines that land on the same order make one refund of their summed value.
 * @returns {{ customers: Map<string, Array<{type:'order'|'refund', at:number, body:object, orderId?:string}>>, stats: object }}
 */
export function loadOrders(file) {
  const raw = readFileSync(file);
  const text = (file.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
  const lines = text.split(/\r?\n/);
  const header = splitCsv(lines[0] ?? '');
  const col = (name) => header.indexOf(name);
  const [INV, CODE, QTY, DATE, PRICE, CUST] = ['InvoiceNo', 'StockCode', 'Quantity', 'InvoiceDate', 'UnitPrice', 'CustomerID'].map(col);
  const invoices = new Map();
  let guestLines = 0;
  for (let i = 1; i < lines.length; i++) {
    if (!lines[i]) continue;
    const f = splitCsv(lines[i]);
    const customer = f[CUST]?.trim();
    if (!customer) {
      guestLines++;
      continue;
    }
    const id = f[INV];
    let inv = invoices.get(id);
    if (!inv) invoices.set(id, (inv = { id, customerId: `c${Math.trunc(Number(customer))}`, at: Date.parse(toIso(f[DATE])), cancel: id.startsWith('C'), lines: [] }));
    inv.lines.push({ productId: f[CODE].trim().replace(/[^A-Za-z0-9._@+-]/g, '-'), quantity: Number(f[QTY]), price: Number(f[PRICE]) });
  }

  const sorted = [...invoices.values()].sort((a, b) => a.at - b.at || a.id.localeCompare(b.id));
  const customers = new Map();
  const history = new Map(); // customerId → paid orders so far [{id, at, products:Set}]
  const stats = { orders: 0, refunds: 0, unmatchedCancellations: 0, guestLines, customers: 0 };
  for (const inv of sorted) {
    const events = customers.get(inv.customerId) ?? [];
    customers.set(inv.customerId, events);
    const past = history.get(inv.customerId) ?? [];
    history.set(inv.customerId, past);
    if (!inv.cancel) {
      const items = inv.lines.filter((l) => l.quantity > 0 && l.price >= 0 && l.productId);
      if (items.length === 0) continue;
      const total = money(items.reduce((s, l) => s + l.quantity * l.price, 0));
      const orderId = `ort-${inv.id}`;
      events.push({ type: 'order', at: inv.at, body: { id: orderId, customerId: inv.customerId, items, total, currency: 'GBP', createdAt: new Date(inv.at).toISOString() } });
      past.push({ id: orderId, at: inv.at, products: new Set(items.map((l) => l.productId)) });
      stats.orders++;
      continue;
    }
    const byOrder = new Map();
    for (const l of inv.lines) {
      if (l.quantity >= 0 || l.price < 0) continue;
      const earlier = past.filter((o) => o.at <= inv.at);
      const target = [...earlier].reverse().find((o) => o.products.has(l.productId)) ?? earlier.at(-1);
      if (!target) {
        stats.unmatchedCancellations++;
        continue;
      }
      byOrder.set(target.id, money((byOrder.get(target.id) ?? 0) + -l.quantity * l.price));
    }
    for (const [orderId, amount] of byOrder) {
      if (amount <= 0) continue;
      events.push({ type: 'refund', at: inv.at, orderId, body: { id: `ort-${inv.id}-${orderId.slice(4)}`, customerId: inv.customerId, amount, createdAt: new Date(inv.at).toISOString() } });
      stats.refunds++;
    }
  }
  for (const [id, events] of customers) if (events.length === 0) customers.delete(id);
  stats.customers = customers.size;
  return { customers, stats };
}

/**
 * The fixed program the replay and its verification use: 1 point per GBP rounded down, 50 for a
 * first order, lifetime tiers by points with multipliers, 14 days pending, no expiry.
 */
export const REPLAY_PROGRAM = {
  pointsPerUnit: 1,
  rounding: 'floor',
  actions: { first_order: 50 },
  tierBasis: 'points',
  tierWindow: 'lifetime',
  tiers: [
    { id: 'bronze', name: { en: 'Bronze' }, threshold: 0 },
    { id: 'silver', name: { en: 'Silver' }, threshold: 1000, multiplier: 1.25 },
    { id: 'gold', name: { en: 'Gold' }, threshold: 5000, multiplier: 1.5 },
  ],
  pendingDays: 14,
  expiryDays: null,
};
