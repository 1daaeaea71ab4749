/**
 * The saved chunk: the wishlist on the page (hearts on recommended products, the "Saved for later"
 * block, their en/ar/fa words and styles) and the recommendation row's previous / next arrows. The UI imports it after drawing the recommendations
 * (the hearts arrive a moment later, over the card image, moving nothing) and before drawing a
 * `saved` placeholder, so shoppers on pages without either never download it (budget in
 * widget/budgets.mjs).
 */
import "./core";
export { Heart, Saved, savedCss } from "./blocks/saved";
export { RowArrows } from "./blocks/saved-row";
