/**
 * The survey chunk: the survey block (single / multiple choice, NPS with its follow-up, free text,
 * quiz steps) and its styles. Most pages have no survey placeholder, so the loader requests this
 * chunk together with the UI block only on pages that have one (or no placeholders at all, where
 * the launcher's panel may show a survey); the UI imports it when the experience has a survey
 * (issue #7; its own budget in widget/budgets.mjs).
 */
import "./core";
export { Survey } from "./blocks/survey";
export { surveyCss } from "./styles/survey.css";
