export * from "./engine";
export * from "./neighbours";
export * from "./popularity";
export * from "./rebuy";
export type * from "./types";
export * from "./model";
export * from "./shopper";
export * from "./unlearn";
