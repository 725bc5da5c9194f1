import type { Page } from "@playwright/test";

/** What sticks out of the viewport sideways: the page's own overflow, and each visible element past an edge. */
export interface LayoutOverflow {
  readonly scrollWidth: number;
  readonly innerWidth: number;
  /** Visible elements past the left or right edge that no scrolling or clipping box of theirs holds in. */
  readonly outside: readonly string[];
}

/**
 * Measures horizontal overflow in the page: `document.scrollingElement.scrollWidth` against
 * `innerWidth`, and every visible element whose box crosses the viewport's left or right edge,
 * unless a box that contains it clips or scrolls it (a wide table inside its card's scroller is
 * fine; the scroller itself is then measured).
 */
export function layoutOverflow(page: Page): Promise<LayoutOverflow> {
  return page.evaluate(() => {
    const width = window.innerWidth;
    // A box clips what is inside it only if it is on the way up to that element's containing
    // block: an absolutely positioned element escapes every box between it and its offsetParent.
    const clipped = (el: Element) => {
      const absolute = getComputedStyle(el).position === "absolute";
      const from: Element | null = absolute && el instanceof HTMLElement ? el.offsetParent : el.parentElement;
      for (let a = from; a && a !== document.body && a !== document.documentElement; a = a.parentElement) {
        if (getComputedStyle(a).overflowX !== "visible") return true;
      }
      return false;
    };
    const describe = (el: Element, r: DOMRect) => {
      const id = el.id ? `#${el.id}` : "";
      const test = el.getAttribute("data-testid") ? `[data-testid=${el.getAttribute("data-testid")}]` : "";
      const cls = typeof el.className === "string" && el.className ? `.${el.className.split(/\s+/)[0]}` : "";
      return `${el.tagName.toLowerCase()}${id}${test}${cls} (${Math.round(r.left)}…${Math.round(r.right)} of ${width}): ${(el.textContent ?? "").trim().slice(0, 40)}`;
    };
    const outside: string[] = [];
    for (const el of Array.from(document.body.querySelectorAll("*"))) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      const style = getComputedStyle(el);
      if (style.visibility === "hidden" || style.display === "none" || style.position === "fixed") continue;
      if ((r.right > width + 1 || r.left < -1) && !clipped(el)) outside.push(describe(el, r));
    }
    return { scrollWidth: document.scrollingElement!.scrollWidth, innerWidth: width, outside };
  });
}
