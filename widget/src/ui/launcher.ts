/**
 * The launcher chunk: the floating button and panel for pages without placeholders, and its
 * styles. The loader requests it together with the UI block only on pages with no placeholder;
 * the UI imports it when the experience enables the launcher (issue #7; budget in
 * widget/budgets.mjs). The blocks in its panel come from the UI block through props.
 */
import "./core";
export { Launcher } from "./blocks/launcher";
export { launcher as launcherCss } from "./styles/launcher.css";
