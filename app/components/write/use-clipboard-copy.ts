"use client";

import { useCallback, useState } from "react";

export type CopyState = "idle" | "copied" | "failed";

/** Copying the transcript to the clipboard, and whether the last copy worked; `reset()` after an edit. */
export function useClipboardCopy() {
  const [state, setState] = useState<CopyState>("idle");

  const copy = useCallback(async (text: string) => {
    try {
      await navigator.clipboard.writeText(text);
      setState("copied");
    } catch {
      setState("failed");
    }
  }, []);

  const reset = useCallback(() => setState("idle"), []);

  return { state, copy, reset };
}
