import type { Page } from "@playwright/test";

// Our own accessibility checker for the browser tests, run inside the page. It covers the rules
// axe-core rates serious or critical that a console like ours can break (axe itself is MPL-2.0, a
// licence we do not take on). Rule names follow axe's so that a finding reads the same.

export type AccessibilityRule =
  | "color-contrast"
  | "nested-interactive"
  | "scrollable-region-focusable"
  | "image-alt"
  | "label"
  | "aria-input-field-name"
  | "button-name"
  | "link-name"
  | "duplicate-id-aria"
  | "aria-valid-idref"
  | "aria-hidden-focus"
  | "aria-prohibited-attr"
  | "aria-valid-attr"
  | "aria-roles"
  | "aria-required-attr"
  | "aria-required-children"
  | "aria-required-parent"
  | "list"
  | "listitem"
  | "definition-list"
  | "dlitem"
  | "html-has-lang"
  | "document-title";

export type AccessibilityFinding = {
  rule: AccessibilityRule;
  /** A CSS path to the element, short enough to read. */
  target: string;
  /** The element's opening tag and the start of its text. */
  html: string;
  detail: string;
};

/** Every finding on the page as it is rendered now. */
export async function auditAccessibility(page: Page): Promise<AccessibilityFinding[]> {
  return (await page.evaluate(auditDocument)) as AccessibilityFinding[];
}

/** Findings grouped by rule, one line each, for a failure message. */
export function formatFindings(findings: AccessibilityFinding[]): string {
  const byRule = new Map<string, AccessibilityFinding[]>();
  for (const finding of findings) byRule.set(finding.rule, [...(byRule.get(finding.rule) ?? []), finding]);
  return [...byRule]
    .map(([rule, list]) => [`  ${rule} (${list.length})`, ...list.map((f) => `    - ${f.detail}\n      at ${f.target}\n      ${f.html}`)].join("\n"))
    .join("\n");
}

/** The number of findings of each rule. */
export function countByRule(findings: AccessibilityFinding[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const finding of findings) counts[finding.rule] = (counts[finding.rule] ?? 0) + 1;
  return counts;
}

// Serialised into the page by page.evaluate: everything it uses is declared inside it.
function auditDocument(): AccessibilityFinding[] {
  type Rgba = [number, number, number, number];
  const findings: AccessibilityFinding[] = [];
  const doc = document;

  function selectorOf(el: Element): string {
    const parts: string[] = [];
    let node: Element | null = el;
    while (node && node !== doc.documentElement && parts.length < 5) {
      if (node.id && doc.querySelectorAll(`[id="${CSS.escape(node.id)}"]`).length === 1) {
        parts.unshift(`#${CSS.escape(node.id)}`);
        break;
      }
      let part = node.tagName.toLowerCase();
      const classes = [...node.classList].filter((c) => /^[\w-]+$/.test(c)).slice(0, 3);
      if (classes.length) part += `.${classes.join(".")}`;
      const parent: Element | null = node.parentElement;
      if (parent) {
        const same = [...parent.children].filter((c) => c.tagName === node!.tagName);
        if (same.length > 1) part += `:nth-of-type(${same.indexOf(node) + 1})`;
      }
      parts.unshift(part);
      node = parent;
    }
    return parts.join(" > ");
  }

  function snippet(el: Element): string {
    const open = el.outerHTML.slice(0, el.outerHTML.indexOf(">") + 1);
    const text = (el.textContent ?? "").replace(/\s+/g, " ").trim();
    return `${open.length > 160 ? `${open.slice(0, 157)}…>` : open}${text ? ` "${text.length > 60 ? `${text.slice(0, 57)}…` : text}"` : ""}`;
  }

  function report(rule: AccessibilityRule, el: Element, detail: string) {
    findings.push({ rule, target: selectorOf(el), html: snippet(el), detail });
  }

  // ---- visibility and focus -------------------------------------------------------------------

  /** Rendered: laid out, not display:none, not visibility:hidden (may still be clipped to 1px). */
  function isRendered(el: Element): boolean {
    if (!el.checkVisibility({ checkVisibilityCSS: true })) return false;
    const rect = el.getBoundingClientRect();
    return rect.width > 0 || rect.height > 0 || el.getClientRects().length > 0;
  }

  /** Clipped out of sight for screen-reader-only text (sr-only and the like). */
  function isVisuallyHidden(el: Element): boolean {
    for (let node: Element | null = el; node; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (style.clipPath === "inset(50%)" || /^rect\(0(px)?,? 0(px)?,? 0(px)?,? 0(px)?\)$/.test(style.clip)) return true;
      if (style.overflow !== "visible") {
        const rect = node.getBoundingClientRect();
        if (rect.width <= 1 || rect.height <= 1) return true;
      }
    }
    return false;
  }

  function isHiddenFromAssistiveTech(el: Element): boolean {
    return !!el.closest('[aria-hidden="true"]') || !isRendered(el);
  }

  function isDisabled(el: Element): boolean {
    return el.matches(":disabled") || el.closest('[aria-disabled="true"]') !== null;
  }

  const nativelyFocusable = "a[href], area[href], button, input:not([type=hidden]), select, textarea, iframe, summary, [contenteditable=''], [contenteditable=true], audio[controls], video[controls]";

  /** In the tab order: natively focusable or tabindex ≥ 0, enabled and rendered. */
  function isTabbable(el: Element): boolean {
    if (!(el instanceof HTMLElement || el instanceof SVGElement)) return false;
    const tabindex = el.getAttribute("tabindex");
    if (tabindex !== null ? Number(tabindex) < 0 || Number.isNaN(Number(tabindex)) : !el.matches(nativelyFocusable)) return false;
    if (el.matches("summary") && el.parentElement?.querySelector(":scope > summary") !== el) return false;
    return !isDisabled(el) && !el.closest("[inert]") && isRendered(el);
  }

  const validAriaAttributes = new Set(
    "aria-activedescendant aria-atomic aria-autocomplete aria-braillelabel aria-brailleroledescription aria-busy aria-checked aria-colcount aria-colindex aria-colindextext aria-colspan aria-controls aria-current aria-describedby aria-description aria-details aria-disabled aria-dropeffect aria-errormessage aria-expanded aria-flowto aria-grabbed aria-haspopup aria-hidden aria-invalid aria-keyshortcuts aria-label aria-labelledby aria-level aria-live aria-modal aria-multiline aria-multiselectable aria-orientation aria-owns aria-placeholder aria-posinset aria-pressed aria-readonly aria-relevant aria-required aria-roledescription aria-rowcount aria-rowindex aria-rowindextext aria-rowspan aria-selected aria-setsize aria-sort aria-valuemax aria-valuemin aria-valuenow aria-valuetext".split(" "),
  );
  // Roles that take no name from an author (ARIA 1.2 "naming prohibited").
  const prohibitedNaming = new Set(["caption", "code", "deletion", "emphasis", "generic", "insertion", "paragraph", "presentation", "none", "strong", "subscript", "superscript"]);
  const requiredAttributes: Record<string, string[]> = {
    checkbox: ["aria-checked"],
    radio: ["aria-checked"],
    switch: ["aria-checked"],
    menuitemcheckbox: ["aria-checked"],
    menuitemradio: ["aria-checked"],
    combobox: ["aria-expanded"],
    slider: ["aria-valuenow"],
    scrollbar: ["aria-controls", "aria-valuenow"],
    meter: ["aria-valuenow"],
  };
  const requiredChildren: Record<string, string[]> = {
    list: ["listitem"],
    tablist: ["tab"],
    listbox: ["option", "group"],
    menu: ["menuitem", "menuitemcheckbox", "menuitemradio", "group", "separator"],
    menubar: ["menuitem", "menuitemcheckbox", "menuitemradio", "group", "separator"],
    tree: ["treeitem", "group"],
    grid: ["row", "rowgroup"],
    treegrid: ["row", "rowgroup"],
    table: ["row", "rowgroup", "caption"],
    rowgroup: ["row"],
    row: ["cell", "gridcell", "columnheader", "rowheader"],
  };
  const requiredParent: Record<string, string[]> = {
    listitem: ["list", "directory"],
    tab: ["tablist"],
    option: ["listbox", "group", "combobox"],
    menuitem: ["menu", "menubar", "group"],
    menuitemcheckbox: ["menu", "menubar", "group"],
    menuitemradio: ["menu", "menubar", "group"],
    treeitem: ["tree", "group"],
    row: ["table", "grid", "treegrid", "rowgroup"],
    cell: ["row"],
    gridcell: ["row"],
    columnheader: ["row"],
    rowheader: ["row"],
  };

  // ---- roles ----------------------------------------------------------------------------------

  const validRoles = new Set(
    "alert alertdialog application article banner blockquote button caption cell checkbox code columnheader combobox comment complementary contentinfo definition deletion dialog directory document emphasis feed figure form generic grid gridcell group heading img image insertion link list listbox listitem log main mark marquee math menu menubar menuitem menuitemcheckbox menuitemradio meter navigation none note option paragraph presentation progressbar radio radiogroup region row rowgroup rowheader scrollbar search searchbox separator slider spinbutton status strong subscript suggestion superscript switch tab table tablist tabpanel term textbox time timer toolbar tooltip tree treegrid treeitem doc-abstract doc-acknowledgments doc-afterword doc-appendix doc-backlink doc-biblioentry doc-bibliography doc-biblioref doc-chapter doc-colophon doc-conclusion doc-cover doc-credit doc-credits doc-dedication doc-endnote doc-endnotes doc-epigraph doc-epilogue doc-errata doc-example doc-footnote doc-foreword doc-glossary doc-glossref doc-index doc-introduction doc-noteref doc-notice doc-pagebreak doc-pagelist doc-part doc-preface doc-prologue doc-pullquote doc-qna doc-subtitle doc-tip doc-toc graphics-document graphics-object graphics-symbol".split(" "),
  );

  function implicitRole(el: Element): string {
    const tag = el.tagName.toLowerCase();
    switch (tag) {
      case "a":
      case "area":
        return el.hasAttribute("href") ? "link" : "generic";
      case "button":
        return "button";
      case "input": {
        const type = (el.getAttribute("type") ?? "text").toLowerCase();
        if (["button", "submit", "reset", "image"].includes(type)) return "button";
        if (type === "checkbox") return "checkbox";
        if (type === "radio") return "radio";
        if (type === "range") return "slider";
        if (type === "number") return "spinbutton";
        if (type === "search") return el.hasAttribute("list") ? "combobox" : "searchbox";
        if (type === "hidden") return "none";
        return el.hasAttribute("list") ? "combobox" : "textbox";
      }
      case "select":
        return el.hasAttribute("multiple") || Number(el.getAttribute("size") ?? 1) > 1 ? "listbox" : "combobox";
      case "textarea":
        return "textbox";
      case "ul":
      case "ol":
      case "menu":
        return "list";
      case "li":
        return "listitem";
      case "option":
        return "option";
      case "table":
        return "table";
      case "tr":
        return "row";
      case "td":
        return "cell";
      case "th":
        return "columnheader";
      case "thead":
      case "tbody":
      case "tfoot":
        return "rowgroup";
      case "nav":
        return "navigation";
      case "main":
        return "main";
      case "aside":
        return "complementary";
      case "form":
        return "form";
      case "section":
        return el.hasAttribute("aria-label") || el.hasAttribute("aria-labelledby") ? "region" : "generic";
      case "img":
        return el.getAttribute("alt") === "" ? "presentation" : "img";
      case "h1":
      case "h2":
      case "h3":
      case "h4":
      case "h5":
      case "h6":
        return "heading";
      case "p":
        return "paragraph";
      case "code":
        return "code";
      case "strong":
        return "strong";
      case "em":
        return "emphasis";
      case "del":
        return "deletion";
      case "ins":
        return "insertion";
      case "sub":
        return "subscript";
      case "sup":
        return "superscript";
      case "dialog":
        return "dialog";
      case "progress":
        return "progressbar";
      case "meter":
        return "meter";
      case "hr":
        return "separator";
      case "fieldset":
        return "group";
      case "details":
        return "group";
      case "summary":
        return "button";
      case "header":
        return el.closest("article, aside, main, nav, section") ? "generic" : "banner";
      case "footer":
        return el.closest("article, aside, main, nav, section") ? "generic" : "contentinfo";
      case "div":
      case "span":
      case "b":
      case "i":
      case "u":
      case "s":
      case "small":
      case "bdi":
      case "bdo":
      case "data":
      case "samp":
      case "pre":
        return "generic";
      default:
        return "";
    }
  }

  function roleOf(el: Element): string {
    const explicit = (el.getAttribute("role") ?? "").trim().split(/\s+/).find((r) => validRoles.has(r));
    return explicit ?? implicitRole(el);
  }

  const widgetRoles = new Set(["button", "link", "checkbox", "radio", "switch", "tab", "menuitem", "menuitemcheckbox", "menuitemradio", "option", "slider", "spinbutton", "textbox", "searchbox", "combobox", "treeitem", "scrollbar"]);

  // Roles whose children are presentational: whatever they hold is flattened into one control.
  const presentationalChildren = new Set(["button", "checkbox", "img", "meter", "menuitemcheckbox", "menuitemradio", "option", "progressbar", "radio", "scrollbar", "separator", "slider", "switch", "tab"]);

  function mustNotNest(el: Element): boolean {
    return isInteractive(el) || (el.hasAttribute("role") && presentationalChildren.has(roleOf(el)));
  }

  function isInteractive(el: Element): boolean {
    if (el.matches("a[href], button, input:not([type=hidden]), select, textarea, summary")) return true;
    const explicit = el.getAttribute("role");
    return !!explicit && widgetRoles.has(roleOf(el));
  }

  // ---- accessible names (a pragmatic subset of accname) -----------------------------------

  function textAlternative(el: Element, fromReference = false): string {
    if (!fromReference && el.getAttribute("aria-hidden") === "true") return "";
    if (!fromReference && !el.checkVisibility({ checkVisibilityCSS: true }) && el.tagName !== "OPTION") return "";
    const label = el.getAttribute("aria-label")?.trim();
    if (label) return label;
    if (el instanceof HTMLImageElement) return el.alt ?? "";
    if (el instanceof SVGSVGElement) return el.querySelector(":scope > title")?.textContent?.trim() ?? "";
    if (el instanceof HTMLInputElement && ["button", "submit", "reset"].includes(el.type)) return el.value;
    if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) return el.value;
    if (el instanceof HTMLSelectElement) return el.selectedOptions[0]?.textContent?.trim() ?? "";
    let text = "";
    for (const child of el.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) text += child.textContent ?? "";
      else if (child instanceof Element) text += ` ${textAlternative(child)} `;
    }
    return text.replace(/\s+/g, " ").trim() || (el.getAttribute("title")?.trim() ?? "");
  }

  function idrefs(el: Element, attribute: string): string[] {
    return (el.getAttribute(attribute) ?? "").trim().split(/\s+/).filter(Boolean);
  }

  function accessibleName(el: Element): string {
    const labelledBy = idrefs(el, "aria-labelledby")
      .map((id) => doc.getElementById(id))
      .filter((e): e is HTMLElement => !!e)
      .map((e) => textAlternative(e, true))
      .join(" ")
      .trim();
    if (labelledBy) return labelledBy;
    const label = el.getAttribute("aria-label")?.trim();
    if (label) return label;
    if (el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement) {
      if (el instanceof HTMLInputElement && ["button", "submit", "reset"].includes(el.type)) return el.value || (el.type === "button" ? "" : el.type);
      if (el instanceof HTMLInputElement && el.type === "image") return el.alt;
      const fromLabels = [...(el.labels ?? [])].map((l) => textAlternative(l, true)).join(" ").trim();
      if (fromLabels) return fromLabels;
      return el.getAttribute("title")?.trim() || el.getAttribute("placeholder")?.trim() || "";
    }
    if (el instanceof HTMLImageElement) return el.getAttribute("alt")?.trim() || el.getAttribute("title")?.trim() || "";
    if (el instanceof SVGSVGElement) return textAlternative(el, true) || el.getAttribute("title")?.trim() || "";
    const nameFromContent = ["button", "link", "tab", "menuitem", "menuitemcheckbox", "menuitemradio", "option", "radio", "checkbox", "switch", "treeitem", "cell", "columnheader", "rowheader", "heading", "tooltip"];
    if (nameFromContent.includes(roleOf(el))) {
      const text = textAlternative(el, true);
      if (text) return text;
    }
    return el.getAttribute("title")?.trim() ?? "";
  }

  // ---- colour ---------------------------------------------------------------------------------

  // The canvas turns any CSS colour the engine knows (oklch, color-mix results, …) into sRGB.
  const canvas = doc.createElement("canvas");
  canvas.width = 1;
  canvas.height = 1;
  const context = canvas.getContext("2d", { willReadFrequently: true })!;
  const colours = new Map<string, Rgba>();
  function parseColour(css: string): Rgba {
    const known = colours.get(css);
    if (known) return known;
    context.clearRect(0, 0, 1, 1);
    context.fillStyle = "rgba(0, 0, 0, 0)";
    context.fillStyle = css;
    context.fillRect(0, 0, 1, 1);
    const [r, g, b, a] = context.getImageData(0, 0, 1, 1).data;
    const colour: Rgba = [r, g, b, a / 255];
    colours.set(css, colour);
    return colour;
  }

  function withAlpha([r, g, b, a]: Rgba, factor: number): Rgba {
    return [r, g, b, a * factor];
  }

  /** Source-over compositing of two straight-alpha colours. */
  function over(top: Rgba, bottom: Rgba): Rgba {
    const alpha = top[3] + bottom[3] * (1 - top[3]);
    if (alpha === 0) return [0, 0, 0, 0];
    const channel = (i: number) => (top[i] * top[3] + bottom[i] * bottom[3] * (1 - top[3])) / alpha;
    return [channel(0), channel(1), channel(2), alpha];
  }

  function luminance([r, g, b]: Rgba): number {
    const linear = (c: number) => {
      const s = c / 255;
      return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
  }

  function contrast(a: Rgba, b: Rgba): number {
    const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (light + 0.05) / (dark + 0.05);
  }

  function hex([r, g, b]: Rgba): string {
    return `#${[r, g, b].map((c) => Math.round(c).toString(16).padStart(2, "0")).join("")}`;
  }

  const white: Rgba = [255, 255, 255, 1];

  /**
   * The colours of a text pixel and of the background beside it, painting the element's ancestors'
   * backgrounds and opacities from the inside out over the white canvas; null when a background
   * image (a gradient, a picture) lies under the text, which a colour cannot describe.
   */
  function textAndBackground(el: Element, colour: Rgba): { text: Rgba; background: Rgba } | null {
    let text = colour;
    let background: Rgba = [0, 0, 0, 0];
    let opaqueBelow = false;
    for (let node: Element | null = el; node; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (!opaqueBelow && style.backgroundImage !== "none") return null;
      const fill = parseColour(style.backgroundColor);
      text = over(text, fill);
      background = over(background, fill);
      if (fill[3] === 1) opaqueBelow = true;
      const opacity = Number(style.opacity);
      text = withAlpha(text, opacity);
      background = withAlpha(background, opacity);
    }
    return { text: over(text, white), background: over(background, white) };
  }

  // ---- rules ------------------------------------------------------------------------------------

  if (!doc.documentElement.getAttribute("lang")?.trim()) report("html-has-lang", doc.documentElement, "the <html> element has no lang attribute");
  if (!doc.title.trim()) report("document-title", doc.documentElement, "the document has no <title>");

  // color-contrast: every element holding visible text of its own.
  const textHolders = new Set<Element>();
  const walker = doc.createTreeWalker(doc.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || !/\S/.test(node.textContent ?? "") || textHolders.has(parent)) continue;
    if (parent.closest("script, style, noscript, template, option, textarea, title, svg")) continue;
    const range = doc.createRange();
    range.selectNodeContents(node);
    const rects = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
    if (!rects.length || rects.every((r) => r.right < 0 || r.bottom < -window.scrollY)) continue;
    textHolders.add(parent);
  }
  for (const el of textHolders) {
    if (!isRendered(el) || isVisuallyHidden(el) || isDisabled(el)) continue;
    const label = el.closest("label");
    const control = label instanceof HTMLLabelElement ? label.control : null;
    if (control && isDisabled(control)) continue;
    const style = getComputedStyle(el);
    const colour = parseColour(style.color);
    if (colour[3] === 0) continue;
    const pair = textAndBackground(el, colour);
    if (!pair) continue;
    const size = parseFloat(style.fontSize);
    const bold = Number(style.fontWeight) >= 700;
    const large = size >= 24 || (bold && size >= 18.66);
    const required = large ? 3 : 4.5;
    const ratio = contrast(pair.text, pair.background);
    if (ratio < required) {
      report("color-contrast", el, `contrast ${ratio.toFixed(2)}:1 < ${required}:1 — text ${hex(pair.text)} on ${hex(pair.background)}, ${size}px weight ${style.fontWeight}`);
    }
  }

  const all = [...doc.body.querySelectorAll("*")];

  for (const el of all) {
    // nested-interactive: a control holding another control or anything in the tab order.
    if (mustNotNest(el) && isRendered(el)) {
      const inner = [...el.querySelectorAll("*")].find((d) => (isInteractive(d) || isTabbable(d)) && isRendered(d));
      if (inner) report("nested-interactive", el, `a ${roleOf(el)} contains ${snippet(inner)}`);
    }

    // scrollable-region-focusable: keyboard users must be able to reach and scroll it.
    if (el !== doc.body && isRendered(el)) {
      const style = getComputedStyle(el);
      const scrollsY = /auto|scroll/.test(style.overflowY) && el.scrollHeight > el.clientHeight;
      const scrollsX = /auto|scroll/.test(style.overflowX) && el.scrollWidth > el.clientWidth;
      if ((scrollsX || scrollsY) && !isTabbable(el) && ![...el.querySelectorAll("*")].some(isTabbable)) {
        report("scrollable-region-focusable", el, `scrolls (${el.scrollWidth}×${el.scrollHeight} in ${el.clientWidth}×${el.clientHeight}) but neither it nor anything in it can take focus`);
      }
    }

    const hidden = isHiddenFromAssistiveTech(el);
    const role = roleOf(el);

    // image-alt
    if (!hidden && (el instanceof HTMLImageElement || el.getAttribute("role") === "img")) {
      if (el instanceof HTMLImageElement && el.hasAttribute("alt") && ["presentation", "none", "img", ""].includes(el.getAttribute("role") ?? "")) {
        // alt="" marks a decorative image; any alt text names it.
      } else if (!["presentation", "none"].includes(el.getAttribute("role") ?? "") && !accessibleName(el)) {
        report("image-alt", el, "an image without alternative text");
      }
    }

    // label / aria-input-field-name
    if (!hidden && el.matches("input:not([type=hidden]):not([type=button]):not([type=submit]):not([type=reset]):not([type=image]), select, textarea")) {
      if (!accessibleName(el)) report("label", el, "a form control without a label, aria-label, aria-labelledby or title");
    } else if (!hidden && ["textbox", "searchbox", "combobox", "listbox", "slider", "spinbutton"].includes(role) && el.hasAttribute("role")) {
      if (!accessibleName(el)) report("aria-input-field-name", el, `a ${role} without an accessible name`);
    }

    // button-name / link-name
    if (!hidden && (role === "button" || el.matches("summary"))) {
      if (!accessibleName(el)) report("button-name", el, "a button without an accessible name");
    }
    if (!hidden && role === "link") {
      if (!accessibleName(el)) report("link-name", el, "a link without an accessible name");
    }

    // aria-hidden-focus
    if (el.getAttribute("aria-hidden") === "true" && isRendered(el)) {
      const focusable = [el, ...el.querySelectorAll("*")].find(isTabbable);
      if (focusable) report("aria-hidden-focus", el, `hidden from assistive technology but holds ${snippet(focusable)} in the tab order`);
    }

    // aria-valid-attr / aria-prohibited-attr
    for (const attribute of el.getAttributeNames().filter((n) => n.startsWith("aria-"))) {
      if (!validAriaAttributes.has(attribute)) report("aria-valid-attr", el, `${attribute} is not an ARIA attribute`);
    }
    if ((el.getAttribute("aria-label")?.trim() || el.getAttribute("aria-labelledby")?.trim()) && prohibitedNaming.has(role)) {
      report("aria-prohibited-attr", el, `aria-label/aria-labelledby is not allowed on role ${role} (give it a role, or name something else)`);
    }

    // aria-roles
    const explicitRoles = (el.getAttribute("role") ?? "").trim().split(/\s+/).filter(Boolean);
    if (el.hasAttribute("role") && !explicitRoles.some((r) => validRoles.has(r))) report("aria-roles", el, `role="${el.getAttribute("role")}" is not an ARIA role`);

    // aria-required-attr (for explicit roles; native controls carry their state themselves)
    if (el.hasAttribute("role")) {
      const required = requiredAttributes[role] ?? [];
      const isNativeEquivalent = (role === "checkbox" || role === "radio" || role === "switch") && el.matches("input[type=checkbox], input[type=radio]");
      const missing = isNativeEquivalent ? [] : required.filter((a) => !el.hasAttribute(a));
      if (missing.length) report("aria-required-attr", el, `role ${role} requires ${missing.join(", ")}`);
    }

    // aria-required-children / aria-required-parent (for explicit roles)
    if (!hidden && el.hasAttribute("role") && requiredChildren[role] && el.getAttribute("aria-busy") !== "true") {
      const owned = ownedRoles(el);
      const wrong = owned.filter((r) => !requiredChildren[role].includes(r));
      if (!owned.length) report("aria-required-children", el, `role ${role} must own ${requiredChildren[role].join(" or ")}`);
      else if (wrong.length) report("aria-required-children", el, `role ${role} may not own ${[...new Set(wrong)].join(", ")}`);
    }
    if (!hidden && el.hasAttribute("role") && requiredParent[role]) {
      const parentRole = owningRole(el);
      if (!requiredParent[role].includes(parentRole)) report("aria-required-parent", el, `role ${role} must be inside ${requiredParent[role].join(" or ")} (is inside ${parentRole || "nothing"})`);
    }

    // list / listitem / definition-list / dlitem (native markup)
    if (!hidden && el.matches("ul:not([role]), ol:not([role])")) {
      const stray = [...el.children].find((c) => !(c.matches("li:not([role]), li[role=listitem], script, template")));
      if (stray) report("list", el, `a list may hold only <li> elements, not ${snippet(stray)}`);
    }
    if (!hidden && el.matches("li:not([role])")) {
      const parent = el.parentElement;
      if (!parent || !(parent.matches("ul, ol, menu") && ["list", "directory"].includes(roleOf(parent))) && roleOf(parent) !== "list") report("listitem", el, "an <li> outside a list");
    }
    if (!hidden && el.matches("dl:not([role])")) {
      const stray = [...el.children].find((c) => !(c.matches("dt, dd, script, template") || (c.matches("div") && [...c.children].every((g) => g.matches("dt, dd, script, template")))));
      if (stray) report("definition-list", el, `a definition list may hold only dt/dd (or div groups of them), not ${snippet(stray)}`);
    }
    if (!hidden && el.matches("dt, dd")) {
      const parent = el.parentElement;
      const dl = parent?.matches("dl") ? parent : parent?.matches("div") && parent.parentElement?.matches("dl") ? parent.parentElement : null;
      if (!dl) report("dlitem", el, `a <${el.tagName.toLowerCase()}> outside a <dl>`);
    }
  }

  // duplicate-id-aria / aria-valid-idref
  const idrefAttributes = ["aria-labelledby", "aria-describedby", "aria-controls", "aria-owns", "aria-activedescendant", "aria-details", "aria-errormessage", "aria-flowto"];
  const reportedDuplicates = new Set<string>();
  for (const el of [doc.documentElement, ...all]) {
    for (const attribute of idrefAttributes) {
      for (const id of idrefs(el, attribute)) {
        const count = doc.querySelectorAll(`[id="${CSS.escape(id)}"]`).length;
        const collapsedControl = attribute === "aria-controls" && el.getAttribute("aria-expanded") === "false";
        if (count === 0 && !collapsedControl) report("aria-valid-idref", el, `${attribute} names id "${id}", which is not in the page`);
        if (count > 1 && !reportedDuplicates.has(id)) {
          reportedDuplicates.add(id);
          report("duplicate-id-aria", el, `${attribute} names id "${id}", which ${count} elements carry`);
        }
      }
    }
    if (el instanceof HTMLLabelElement && el.htmlFor) {
      const count = doc.querySelectorAll(`[id="${CSS.escape(el.htmlFor)}"]`).length;
      if (count > 1 && !reportedDuplicates.has(el.htmlFor)) {
        reportedDuplicates.add(el.htmlFor);
        report("duplicate-id-aria", el, `a label for id "${el.htmlFor}", which ${count} elements carry`);
      }
    }
  }

  function ownedRoles(el: Element): string[] {
    const roles: string[] = [];
    for (const child of el.children) {
      if (child.getAttribute("aria-hidden") === "true" || child.matches("script, template")) continue;
      const role = roleOf(child);
      if (role === "generic" || role === "none" || role === "presentation" || role === "") roles.push(...ownedRoles(child));
      else roles.push(role);
    }
    for (const id of idrefs(el, "aria-owns")) {
      const owned = doc.getElementById(id);
      if (owned) roles.push(roleOf(owned));
    }
    return roles;
  }

  function owningRole(el: Element): string {
    for (let node = el.parentElement; node; node = node.parentElement) {
      const role = roleOf(node);
      if (role !== "generic" && role !== "none" && role !== "presentation" && role !== "") return role;
    }
    return "";
  }

  return findings;
}
