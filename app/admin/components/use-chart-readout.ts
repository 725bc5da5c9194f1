import { useId, useState, type KeyboardEvent } from "react";
import { stepIndex } from "./chart-scale";

/**
 * Which of a chart's `count` stops (points, bars, columns) its readout shows: set by the pointer
 * (through `setActive`) or by the keys along `axis` once the chart has focus, cleared when both
 * leave. `svgProps` makes the chart's SVG focusable and described by the readout (`readoutId`).
 */
export function useChartReadout(count: number, axis: "horizontal" | "vertical", initial: number | null = null) {
  const [active, setActive] = useState<number | null>(null);
  const readoutId = useId();
  const svgProps = {
    tabIndex: 0,
    "aria-describedby": readoutId,
    onKeyDown: (e: KeyboardEvent<SVGSVGElement>) => {
      const next = stepIndex(e.key, active ?? initial, count, axis);
      if (next === null) return;
      e.preventDefault();
      setActive(next);
    },
    onPointerLeave: () => setActive(null),
    onBlur: () => setActive(null),
  };
  return { active, setActive, readoutId, svgProps };
}
