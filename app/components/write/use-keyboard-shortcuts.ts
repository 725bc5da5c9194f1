"use client";

import { useEffect, useRef } from "react";

function isEditableTarget(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.isContentEditable || el.tagName === "INPUT" || el.tagName === "TEXTAREA" || el.tagName === "SELECT");
}

/**
 * The Write page's keyboard: Ctrl/Cmd+Z undo, Shift+Ctrl/Cmd+Z (or Ctrl+Y) redo, Escape clears
 * (only when there is ink to clear, `canClear()`). Text fields keep their own.
 */
export function useKeyboardShortcuts(commands: { undo: () => void; redo: () => void; clear: () => void; canClear: () => boolean }) {
  const commandsRef = useRef(commands);
  commandsRef.current = commands;

  useEffect(() => {
    function onKeyDown(e: KeyboardEvent) {
      if (isEditableTarget(e.target) || e.altKey) return;
      const { undo, redo, clear, canClear } = commandsRef.current;
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      if (mod && key === "z") {
        e.preventDefault();
        if (e.shiftKey) redo();
        else undo();
      } else if (mod && key === "y") {
        e.preventDefault();
        redo();
      } else if (e.key === "Escape" && !mod && !e.shiftKey) {
        if (canClear()) {
          e.preventDefault();
          clear();
        }
      }
    }
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, []);
}
