import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { debounce, FILTER_DEBOUNCE_MS } from "./debounce";

describe("debounce (review filters)", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("calls once with the last value after a pause, not on every keystroke", () => {
    const calls: string[] = [];
    const set = debounce((v: string) => calls.push(v), FILTER_DEBOUNCE_MS);
    for (const text of ["h", "he", "hel", "hell", "hello"]) {
      set(text);
      vi.advanceTimersByTime(100);
    }
    expect(calls).toEqual([]);
    vi.advanceTimersByTime(FILTER_DEBOUNCE_MS);
    expect(calls).toEqual(["hello"]);
    expect(FILTER_DEBOUNCE_MS).toBeGreaterThanOrEqual(250);
  });

  it("flush runs the waiting call now; cancel drops it", () => {
    const calls: number[] = [];
    const set = debounce((v: number) => calls.push(v), 300);
    set(1);
    set.flush();
    expect(calls).toEqual([1]);
    set.flush(); // nothing waiting
    set(2);
    set.cancel();
    vi.advanceTimersByTime(1000);
    expect(calls).toEqual([1]);
  });
});
