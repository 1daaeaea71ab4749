/**
 * Runs a side effect that must never fail the request it follows (counting for insights: the
 * shopper's own write is already stored, and a lost count moves a figure by one). A failure is
 * logged with `what` and the error's message only, never shopper data.
 */
export async function bestEffort(what: string, effect: () => Promise<unknown>): Promise<void> {
  try {
    await effect();
  } catch (err) {
    console.error(`${what}:`, err instanceof Error ? err.message : "unknown error");
  }
}
