// A table too wide (or too long) for its box scrolls inside it. So that the
// keyboard can scroll it too (WCAG 2.1.1), such a box becomes focusable while
// it overflows: tabindex="0", role="region" and a name (the calculator
// result's label, or the heading of the section the table is in). Boxes: the
// wrappers Material puts around Markdown tables and the calculators' table slots.

const BOXES = ".md-typeset__scrollwrap, .cr-table";

function sectionName(box) {
  const label = box.closest(".cr-result")?.querySelector(".cr-result__label");
  if (label) return label.textContent.trim();
  for (let node = box; node && !node.matches("article"); node = node.previousElementSibling ?? node.parentElement) {
    if (/^H[1-6]$/.test(node.tagName)) return node.textContent.replace(/¶$/, "").trim();
  }
  return document.title;
}

function update(box) {
  const overflows = box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1;
  if (overflows && !box.hasAttribute("tabindex")) {
    box.tabIndex = 0;
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", sectionName(box));
  } else if (!overflows && box.hasAttribute("tabindex")) {
    for (const name of ["tabindex", "role", "aria-label"]) box.removeAttribute(name);
  }
}

// A box's size, or its table's, changes with the window and with new results.
const resized = new ResizeObserver((entries) => {
  for (const { target } of entries) {
    const box = target.closest(BOXES);
    if (box) update(box);
  }
});
const changed = new MutationObserver((records) => {
  for (const { target } of records) {
    const box = target.closest(BOXES);
    if (box) {
      for (const child of box.children) resized.observe(child);
      update(box);
    }
  }
});

document$.subscribe(() => {
  for (const box of document.querySelectorAll(BOXES)) {
    resized.observe(box);
    for (const child of box.children) resized.observe(child);
    changed.observe(box, { childList: true });
    update(box);
  }
});
