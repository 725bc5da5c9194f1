import { useEffect, useMemo, useState } from "react";

/** The default pause before a filter change reloads the review queue. */
export const FILTER_DEBOUNCE_MS = 300;

export interface Debounced<T> {
  /** Schedules `fn(value)` for `ms` from now, replacing any call still waiting. */
  (value: T): void;
  /** Runs the waiting call now, if any. */
  flush(): void;
  /** Drops the waiting call, if any. */
  cancel(): void;
}

/** Calls `fn` with the last value once nothing new came for `ms` (trailing-edge debounce). */
export function debounce<T>(fn: (value: T) => void, ms: number): Debounced<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pending: { value: T } | undefined;
  const run = () => {
    timer = undefined;
    const call = pending;
    pending = undefined;
    if (call) fn(call.value);
  };
  const debounced = ((value: T) => {
    pending = { value };
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(run, ms);
  }) as Debounced<T>;
  debounced.flush = () => {
    if (timer !== undefined) clearTimeout(timer);
    run();
  };
  debounced.cancel = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    pending = undefined;
  };
  return debounced;
}

/**
 * `value`, but only once it has stayed the same for `ms`: typing in a filter box reloads once
 * when the typing pauses, not on every keystroke. `flush()` applies the latest value now (Enter).
 */
export function useDebounced<T>(value: T, ms: number = FILTER_DEBOUNCE_MS): [T, () => void] {
  const [settled, setSettled] = useState(value);
  const debounced = useMemo(() => debounce<T>(setSettled, ms), [ms]);
  useEffect(() => debounced(value), [value, debounced]);
  useEffect(() => () => debounced.cancel(), [debounced]);
  return [settled, debounced.flush];
}
