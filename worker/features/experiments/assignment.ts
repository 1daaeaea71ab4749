import type { ProfileState } from "../customers/profile";

/**
 * Experiment arms, drawn deterministically (issue 11): a shopper's bucket is a hash of the site,
 * the experiment and who they are, so the same shopper always lands in the same bucket, anywhere,
 * with no stored random state; the profile then keeps the arm it got, so changing the percent
 * later never moves anyone. Pure: callers pass `now`.
 */

/** An experiment arm: `holdout` gets the neutral experience, `treatment` the personal one. */
export type Arm = "holdout" | "treatment";

/** Buckets per experiment: 10,000, so a percent with two decimals maps to a whole number of buckets. */
export const BUCKETS = 10_000;

/** What assignment reads of an experiment of the site config (experiments.schemas.ts). */
export interface ExperimentRule {
  id: string;
  holdoutPercent: number;
}

/**
 * MurmurHash3 (x86, 32-bit) of the UTF-8 bytes of `key`: a well-studied, well-mixed hash whose
 * final avalanche makes neighbouring keys (`v1`, `v2`, …) land far apart. Not for secrets: it only
 * has to spread shoppers evenly, and anyone may recompute it (the key holds no secret).
 */
export function murmur3(key: string, seed = 0): number {
  const data = new TextEncoder().encode(key);
  const byte = (i: number) => data[i] ?? 0;
  const mix = (k: number) => Math.imul(rotl(Math.imul(k, 0xcc9e2d51), 15), 0x1b873593);
  let h = seed >>> 0;
  const whole = data.length & ~3;
  for (let i = 0; i < whole; i += 4) {
    h ^= mix(byte(i) | (byte(i + 1) << 8) | (byte(i + 2) << 16) | (byte(i + 3) << 24));
    h = (Math.imul(rotl(h, 13), 5) + 0xe6546b64) | 0;
  }
  const rest = data.length & 3;
  if (rest > 0) {
    let k = byte(whole);
    if (rest > 1) k |= byte(whole + 1) << 8;
    if (rest > 2) k |= byte(whole + 2) << 16;
    h ^= mix(k);
  }
  h ^= data.length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const rotl = (x: number, r: number) => (x << r) | (x >>> (32 - r));

/**
 * Who a shopper is for assignment: their kind and the shop's id for them (a visitor id or a
 * customer id), never the Profile object id, so the shop (or a test) can recompute the arm.
 */
export function shopperKey(p: Pick<ProfileState, "kind" | "id">): string {
  return `${p.kind}:${p.id}`;
}

/** The shopper's bucket (0 to 9,999) in one experiment of one site: the top bits of the hash, scaled. */
export function bucketOf(siteId: string, experimentId: string, key: string): number {
  return Math.floor((murmur3(`${siteId}\n${experimentId}\n${key}`) * BUCKETS) / 2 ** 32);
}

/** The arm for a bucket: the lowest `holdoutPercent`% of buckets are the holdout. */
export function armOf(bucket: number, holdoutPercent: number): Arm {
  return bucket < Math.round(holdoutPercent * (BUCKETS / 100)) ? "holdout" : "treatment";
}

/**
 * Gives the profile an arm in each listed experiment it has none in yet, and returns the ids of
 * those new arms (empty: nothing to save). Arms already held are never changed, whatever the
 * percent is now. A visitor profile merged into a customer gets none: the person is the customer now.
 */
export function assignArms(p: ProfileState, experiments: readonly ExperimentRule[], now: number): string[] {
  if (p.mergedInto !== null) return [];
  const added: string[] = [];
  for (const x of experiments) {
    if (p.experiments?.[x.id]) continue;
    const arm = armOf(bucketOf(p.siteId, x.id, shopperKey(p)), x.holdoutPercent);
    p.experiments = { ...p.experiments, [x.id]: { arm, at: now } };
    added.push(x.id);
  }
  return added;
}

/** The shopper's arms in the experiments the site lists now (listing order), as the experience returns them. */
export function listedArms(p: Pick<ProfileState, "experiments">, experiments: readonly { id: string }[]): { id: string; arm: Arm }[] {
  return experiments.flatMap((x) => {
    const held = p.experiments?.[x.id];
    return held ? [{ id: x.id, arm: held.arm }] : [];
  });
}

/** True when the shopper is in the holdout of an experiment the site still lists: they get the neutral experience. */
export function inHoldout(arms: readonly { arm: Arm }[]): boolean {
  return arms.some((a) => a.arm === "holdout");
}
