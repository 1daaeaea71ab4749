/**
 * What the in-workerd benchmarks share: a synthetic catalog shaped like a real shop's feed and the
 * percentile summary. HTTP calls and customer hashes come from the integration tests' helpers, so
 * benches and tests reach the Worker the same way.
 */
import { ORIGIN } from "../../tests/integration/helpers";

export { call, hmacHex, ORIGIN } from "../../tests/integration/helpers";

export const CATEGORIES = Array.from({ length: 40 }, (_, i) => `cat-${i}`);
const TAGS = Array.from({ length: 60 }, (_, i) => `tag-${i}`);

/** Product id of the i-th synthetic product. */
export const pid = (i: number) => `p-${String(i).padStart(6, "0")}`;

/** A product shaped like a real shop's feed entry (about 350 bytes of JSON). */
export const product = (i: number) => ({
  id: pid(i),
  title: `Product ${i} – hand-made ${["cream", "candle", "tea", "mug", "scarf"][i % 5]} in ${["rose", "cedar", "matcha", "oat", "sand"][(i >> 3) % 5]}`,
  url: `${ORIGIN}/products/${pid(i)}`,
  image: `${ORIGIN}/images/${pid(i)}.webp`,
  price: 5 + (i % 95),
  currency: "USD",
  categories: [CATEGORIES[i % 40], CATEGORIES[(i * 7) % 40]],
  tags: [TAGS[i % 60], TAGS[(i * 11) % 60], TAGS[(i * 17) % 60]],
  inStock: i % 13 !== 0,
  membersOnly: i % 50 === 0,
  replenishDays: i % 5 === 2 ? 60 : null,
});

/** n, mean, p50, p90, p99 and max of a list of milliseconds (nearest-rank percentiles). */
export function stats(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b);
  const p = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
  const r = (x: number) => Math.round(x * 100) / 100;
  return { n: s.length, mean: r(s.reduce((a, b) => a + b, 0) / s.length), p50: r(p(0.5)), p90: r(p(0.9)), p99: r(p(0.99)), max: r(s[s.length - 1]!) };
}
