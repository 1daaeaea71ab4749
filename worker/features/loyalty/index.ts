/** Loyalty: pure rules over an append-only ledger; the Profile object stores, this decides. */
export * from "./actions";
export * from "./currency";
export * from "./ledger";
export * from "./program";
export * from "./punch-cards";
export * from "./tiers";
export * from "./view";
