import type { Page } from "@playwright/test";

// Layout checks run inside the page: what a reader at a given window size would find cut off.

/**
 * The tables of the page that are cut without a sign of it: wider than the box that scrolls them
 * while no shade marks the hidden side (`data-scroll-cue`, see components/scroll-area.tsx), clipped
 * by a box that does not scroll, or reaching past the page's main column. Each is named by its
 * label or first header; an empty list means every table fits or visibly scrolls.
 */
export function silentlyCutTables(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    // Two frames: a resize just made reaches the boxes' observers and their shades first.
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    const main = document.querySelector("main")!;
    const mainRight = main.getBoundingClientRect().right - parseFloat(getComputedStyle(main).paddingRight);
    const cut: string[] = [];
    for (const table of document.querySelectorAll("table")) {
      if (!table.getClientRects().length) continue;
      const name = table.getAttribute("aria-label") ?? table.querySelector("th")?.textContent?.trim() ?? "a table";
      let scroller: HTMLElement | null = table.parentElement;
      while (scroller && scroller !== main && getComputedStyle(scroller).overflowX === "visible") scroller = scroller.parentElement;
      if (!scroller || scroller === main) {
        if (table.getBoundingClientRect().right > mainRight + 1) cut.push(`${name}: past the page's edge`);
        continue;
      }
      const box = scroller.getBoundingClientRect();
      if (box.right > mainRight + 1) cut.push(`${name}: its box reaches past the page's edge`);
      if (scroller.scrollWidth <= scroller.clientWidth + 1) continue;
      const overflow = getComputedStyle(scroller).overflowX;
      if (overflow !== "auto" && overflow !== "scroll") cut.push(`${name}: clipped (overflow ${overflow})`);
      else if (!scroller.parentElement?.querySelector(':scope > [data-scroll-cue="right"]')) cut.push(`${name}: scrolls with no sign of it`);
    }
    return cut;
  });
}

/**
 * The selects of the page's main column too narrow for the choice they show, by label: the
 * chosen option's text, measured in the select's font, with its padding and arrow, is wider than
 * the select.
 */
export function cutSelects(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const context = document.createElement("canvas").getContext("2d")!;
    const arrow = 20;
    const cut: string[] = [];
    for (const select of document.querySelectorAll<HTMLSelectElement>("main select")) {
      if (!select.getClientRects().length) continue;
      const style = getComputedStyle(select);
      context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      const text = select.selectedOptions[0]?.text ?? "";
      const needed = context.measureText(text).width + parseFloat(style.paddingLeft) + parseFloat(style.paddingRight) + arrow;
      if (needed > select.getBoundingClientRect().width + 0.5) cut.push(`${select.labels[0]?.textContent?.trim() ?? select.name}: ${text}`);
    }
    return cut;
  });
}
