import { useEffect, useRef, useState } from "preact/hooks";

/**
 * The rendered width of an element, kept current with a ResizeObserver: charts draw in real
 * pixels so their labels stay legible on a phone instead of shrinking with a scaled viewBox.
 */
export function useWidth<T extends Element>(fallback = 600) {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver(([entry]) => entry && setWidth(Math.max(200, Math.floor(entry.contentRect.width))));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return [ref, width] as const;
}
