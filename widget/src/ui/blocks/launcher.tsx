import { useEffect, useRef, useState } from "preact/hooks";
import type { ComponentType } from "preact";
import { t } from "../i18n";
import type { BlockProps } from "./props";

/** The blocks the panel shows, handed over by the UI block (the survey only once its chunk is loaded). */
export interface PanelBlocks {
  Greeting: ComponentType<BlockProps>;
  SavedCart: ComponentType<BlockProps>;
  Recommendations: ComponentType<BlockProps>;
  Survey?: ComponentType<BlockProps>;
}

/**
 * A button in the bottom-end corner that opens every block in a panel, for pages with no
 * placeholders (offers and loyalty come from the extras chunk, loaded when there are any). Escape closes the panel and gives focus back to the button.
 */
export function Launcher({ b, ...p }: BlockProps & { b: PanelBlocks }) {
  const [open, setOpen] = useState(false);
  const btn = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (open) panel.current?.focus();
  }, [open]);
  const close = () => {
    setOpen(false);
    btn.current?.focus();
  };
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: Escape anywhere in the open panel closes it; the buttons inside are the controls
    <div class={p.exp.settings?.position === "bottom-start" ? "dock start" : "dock"} onKeyDown={(e) => e.key === "Escape" && open && (e.stopPropagation(), close())}>
      {open && (
        <div class="panel" id="rv-panel" role="dialog" aria-label={t(p.l, "launcher")} tabIndex={-1} ref={panel} data-testid="revisit-panel">
          <div class="head">
            <b.Greeting {...p} />
            <button class="x" type="button" aria-label={t(p.l, "close")} onClick={close}>
              ×
            </button>
          </div>
          <b.SavedCart {...p} />
          <b.Recommendations {...p} />
          {p.x && <p.x.Offers {...p} />}
          {p.x && <p.x.Loyalty {...p} />}
          {b.Survey && <b.Survey {...p} />}
        </div>
      )}
      <button
        ref={btn}
        class="btn fab"
        type="button"
        aria-expanded={open}
        aria-controls={open ? "rv-panel" : undefined}
        data-testid="revisit-launcher"
        onClick={() => (open ? close() : setOpen(true))}
      >
        {t(p.l, "launcher")}
      </button>
    </div>
  );
}
