import { useEffect, useId, useRef, useState } from "preact/hooks";
import type { SurveyQuestion } from "../../../../contract/experience";
import type { RevisitError } from "../../shared/contract";
import { formatNumber } from "../format";
import { errorText, t } from "../i18n";
import { answerBody, charsLeft, clampText, NPS_SCORES } from "../survey-answer";
import type { BlockProps } from "./props";

/**
 * One survey question in a native form, so keyboard and screen readers work without extra code:
 * single choice (radio group), multiple choice (checkboxes), NPS (0–10 as a radio group with
 * localised end labels, then the "why" follow-up) or short free text, each with a character
 * counter. A multi-step quiz says "Question 2 of 3"; after an answer the experience is re-fetched
 * (it carries the next unanswered question, or none) and focus moves to the new question or the
 * thank-you line, never to <body>. "Not now" dismisses the survey.
 */
export function Survey({ exp, l, ctx }: BlockProps) {
  const s = exp.survey;
  const [sel, setSel] = useState<string[]>([]);
  const [score, setScore] = useState<number | null>(null);
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState("");
  const [done, setDone] = useState<"" | "answered" | "dismissed">("");
  // The box's height when an answer is sent: the next step (after a round trip, too late to be the
  // shopper's own shift) keeps it, its buttons at the bottom, so nothing in or under it moves up.
  const [hold, setHold] = useState(0);
  const box = useRef<HTMLElement>(null);
  const focus = useRef<HTMLElement | null>(null);
  const setFocus = (el: HTMLElement | null) => void (focus.current = el);
  const moveFocus = useRef(false);
  const id = useId();
  const qid = s ? `${s.surveyId}/${s.questionId}` : "";

  useEffect(() => {
    setSel([]);
    setScore(null);
    setText("");
    setErr("");
  }, [qid]);
  useEffect(() => {
    if (moveFocus.current && focus.current) {
      moveFocus.current = false;
      focus.current.focus();
    }
  });

  if (!s) {
    return done === "answered" ? (
      <p class="thanks" data-testid="revisit-survey-thanks" role="status" tabIndex={-1} ref={setFocus}>
        {t(l, "thanks")}
      </p>
    ) : null;
  }

  const q: SurveyQuestion = s;
  const multi = q.type === "multi";
  const pick = (o: string, on: boolean) => setSel(multi ? (on ? [...sel, o] : sel.filter((x) => x !== o)) : [o]);
  const n = (x: number) => formatNumber(l, x);

  /** Posts a response (or the dismissal), then re-fetches: the next step, or nothing. */
  async function send(body: Record<string, unknown>, after: "answered" | "dismissed") {
    if (busy) return;
    setBusy(true);
    setHold(box.current?.getBoundingClientRect().height || 0);
    setErr("");
    try {
      await ctx.api(`/v1/surveys/${encodeURIComponent(q.surveyId)}/responses`, body);
      await ctx.refresh(); // the next question, or none
      moveFocus.current = after === "answered"; // after the refresh: the effect must see the new question (or the thanks)
      setDone(after);
    } catch (x) {
      const e = x as RevisitError;
      setErr(errorText(l, e.code));
      ctx.fail(e);
    }
    setBusy(false);
  }

  function submit(e: Event) {
    e.preventDefault();
    const a = answerBody(q, { sel, score, text });
    if ("missing" in a) return setErr(t(l, a.missing));
    void send(a.body, "answered");
  }

  const counter = (value: string) => {
    const left = charsLeft(value, q.maxLength);
    return (
      <p id={`${id}c`} class="muted m0" data-testid="revisit-survey-count" data-left={left}>
        {t(l, "chars_left", { n: n(left) }, left)}
      </p>
    );
  };
  const area = (label: { id?: string; text?: string }) => (
    <textarea
      id={`${id}t`}
      class="ta"
      rows={3}
      maxLength={q.maxLength}
      value={text}
      aria-labelledby={label.id}
      aria-describedby={`${id}c`}
      data-testid="revisit-survey-text"
      onInput={(e) => {
        const el = e.currentTarget as HTMLTextAreaElement;
        const v = clampText(el.value, q.maxLength);
        if (v !== el.value) el.value = v;
        setText(v);
      }}
    />
  );

  return (
    <section class="box sv" ref={box} style={hold ? { minHeight: `${hold}px` } : undefined} data-testid="revisit-survey" data-type={q.type} data-step={q.step}>
      <form onSubmit={submit} noValidate>
        {q.steps > 1 && (
          <p class="muted m0" data-testid="revisit-survey-step">
            {t(l, "step", { n: n(q.step), m: n(q.steps) })}
          </p>
        )}
        <fieldset>
          <legend id={`${id}l`} tabIndex={-1} ref={setFocus}>
            {q.prompt}
          </legend>
          {(q.type === "single" || multi) &&
            q.options.map((o) => (
              <label key={o.id} class="opt">
                <input
                  type={multi ? "checkbox" : "radio"}
                  name={`rv-${q.questionId}`}
                  value={o.id}
                  checked={sel.includes(o.id)}
                  onChange={(e) => pick(o.id, (e.currentTarget as HTMLInputElement).checked)}
                />
                {o.label}
              </label>
            ))}
          {q.type === "nps" && (
            <>
              <div class="nps" data-testid="revisit-nps">
                {NPS_SCORES.map((v) => (
                  <label key={v} class="np">
                    <input
                      type="radio"
                      name={`rv-${q.questionId}`}
                      value={String(v)}
                      checked={score === v}
                      aria-describedby={v === 0 ? `${id}lo` : v === 10 ? `${id}hi` : undefined}
                      onChange={() => setScore(v)}
                    />
                    <span>{n(v)}</span>
                  </label>
                ))}
              </div>
              <div class="ends muted">
                <span id={`${id}lo`}>{t(l, "nps_low")}</span>
                <span id={`${id}hi`}>{t(l, "nps_high")}</span>
              </div>
            </>
          )}
          {q.type === "text" && (
            <>
              {area({ id: `${id}l` })}
              {counter(text)}
            </>
          )}
        </fieldset>
        {q.type === "nps" && score !== null && q.followUp && (
          <div class="fup">
            <label id={`${id}f`} for={`${id}t`} class="blk">
              {q.followUp}
            </label>
            {area({ id: `${id}f` })}
            {counter(text)}
          </div>
        )}
        {!!err && (
          <p class="err" role="alert">
            {err}
          </p>
        )}
        {/* New buttons when "Next" becomes "Submit": the same ones with another label would move (a shift). */}
        <div class="acts" key={q.step < q.steps ? "n" : "s"}>
          <button class="btn" type="submit" aria-disabled={busy}>
            {t(l, q.step < q.steps ? "next" : "submit")}
          </button>
          <button class="btn ghost" type="button" data-testid="revisit-survey-dismiss" aria-disabled={busy} onClick={() => void send({ questionId: q.questionId, dismissed: true }, "dismissed")}>
            {t(l, "not_now")}
          </button>
        </div>
      </form>
    </section>
  );
}
