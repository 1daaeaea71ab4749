/**
 * The survey: choices, the NPS scale (native radios drawn as a row of buttons), free text, actions.
 * In the survey chunk with the block (../survey.ts), added to a root only where a survey is drawn.
 */
export const surveyCss =
  // A held step (survey.tsx) keeps its buttons at the bottom of the box.
  ".sv,.sv form{display:flex;flex-direction:column}.sv form{flex:1}.sv .acts{margin-block-start:auto}" +
  "fieldset{border:0;margin:0 0 .6em;padding:0;min-width:0}" +
  "legend{font-weight:600;margin-block-end:.4em;padding:0}" +
  ".opt{display:flex;gap:.5em;align-items:center;padding-block:.25em;cursor:pointer}" +
  ".opt input{margin:0;accent-color:var(--revisit-accent)}" +
  ".nps{display:flex;gap:3px}" +
  ".np{position:relative;flex:1 1 0;min-width:0}" +
  ".np input{position:absolute;inset:0;opacity:0;margin:0;cursor:pointer}" +
  ".np span{display:block;text-align:center;padding:.4em 0;border:1px solid #0005;border-radius:6px}" +
  ".np input:checked+span{background:var(--revisit-accent);border-color:var(--revisit-accent);color:#fff}" +
  ".np input:focus-visible+span{outline:2px solid var(--revisit-accent);outline-offset:2px}" +
  ".ends{display:flex;justify-content:space-between;margin-block-start:4px}" +
  ".ta{display:block;width:100%;font:inherit;padding:.4em .5em;border:1px solid #0005;border-radius:6px;background:transparent;color:inherit;resize:vertical;margin-block-start:.4em}" +
  ".fup{margin-block-end:.6em}" +
  ".acts{display:flex;gap:8px;flex-wrap:wrap}" +
  ".ghost{background:transparent;color:inherit;border:1px solid #0005}" +
  ".thanks{margin:0;font-weight:600}";
