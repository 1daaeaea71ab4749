/**
 * The page's `data-revisit` placeholders for a session: found and reserved (hosts.ts) at the
 * heights their blocks rendered on this device before, which the UI reports back (CLS 0).
 */
import type { Heights, Host } from "../shared/contract";
import { warmParts } from "./chunks";
import { findHosts } from "./hosts";
import { K, off, type Session } from "./state";
import { storage } from "./storage";

/** The heights blocks rendered on earlier pages (`revisit:h`); none when unknown or corrupt. */
export const heights = (): Heights => {
  try {
    return JSON.parse(storage.get(K.h) || "{}") || {};
  } catch {
    return {};
  }
};

/** Remembers what the blocks rendered, so the next page reserves exactly that (CLS 0). */
export const saveHeights = (s: Session, h: Heights) => {
  if (!off(s)) storage.set(K.h, JSON.stringify({ ...heights(), ...h }));
};

/** The page's placeholders, found and reserved at the heights their blocks had before. */
export const reserveAll = (): Host[] => findHosts(heights());

/** Keeps the placeholders (found and reserved now unless already), then requests the block chunks they call for. */
export const scan = (s: Session, hosts = reserveAll()) => {
  s.hosts = hosts;
  s.scanned = true;
  warmParts(s);
};
