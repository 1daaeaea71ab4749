import { useState } from "preact/hooks";
import { useI18n } from "../i18n/i18n";
import { presetRange, type RangeChoice } from "./overview-data";

/**
 * The overview's date range: presets (last 30 days, this month, last month, last 90 days, last
 * 12 months), or a custom from–to with native date
 * inputs (keyboard and phone pickers for free). A custom range applies on "Show", so typing a
 * date does not fire a request per keystroke.
 */
export function RangePicker(props: { choice: RangeChoice; range: { from: string; to: string }; onChange: (c: RangeChoice, r: { from: string; to: string }) => void }) {
  const { t } = useI18n();
  const [custom, setCustom] = useState(props.range);
  const [choice, setChoice] = useState(props.choice);
  const options: [RangeChoice, string][] = [
    ["30d", t.overview.last30],
    ["thisMonth", t.overview.thisMonth],
    ["lastMonth", t.overview.lastMonth],
    ["90d", t.overview.last90],
    ["12m", t.overview.last12m],
    ["custom", t.overview.custom],
  ];
  const pick = (c: RangeChoice) => {
    setChoice(c);
    if (c !== "custom") props.onChange(c, presetRange(c));
  };
  const valid = custom.from && custom.to && custom.from <= custom.to;
  return (
    <form
      class="range-picker"
      onSubmit={(e) => {
        e.preventDefault();
        if (valid) props.onChange("custom", custom);
      }}
    >
      <div class="field inline">
        <label for="range-choice">{t.overview.range}</label>
        <select id="range-choice" value={choice} onChange={(e) => pick((e.currentTarget as HTMLSelectElement).value as RangeChoice)}>
          {options.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </div>
      {choice === "custom" && (
        <>
          <div class="field inline">
            <label for="range-from">{t.overview.from}</label>
            <input id="range-from" type="date" value={custom.from} max={custom.to} onInput={(e) => setCustom({ ...custom, from: (e.currentTarget as HTMLInputElement).value })} />
          </div>
          <div class="field inline">
            <label for="range-to">{t.overview.to}</label>
            <input id="range-to" type="date" value={custom.to} min={custom.from} onInput={(e) => setCustom({ ...custom, to: (e.currentTarget as HTMLInputElement).value })} />
          </div>
          <button type="submit" class="button primary" disabled={!valid}>
            {t.overview.apply}
          </button>
        </>
      )}
    </form>
  );
}
