import { useEffect, useRef, useState } from "react";

/**
 * The content width of the element behind the returned ref, kept current with a ResizeObserver:
 * the charts draw at their real pixel width, so their text stays 11–12 px on a phone instead of
 * shrinking with a scaled viewBox. `fallback` is the width of the first (server) render.
 */
export function useElementWidth<T extends HTMLElement>(fallback: number) {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => setWidth(Math.max(120, Math.floor(element.clientWidth)));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width] as const;
}
