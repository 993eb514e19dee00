// Drafts with blanks: a calculator whose result has an output named "blanks" (a count, data-value) says with
// it how many blanks its text outputs still hold (a plan of action's 「［…］」 / "[…]" prompts). Its copy
// buttons [data-copy] and download links [data-download] then show that count (the output's own display
// text, in the page's language, e.g. 「空欄 4 か所」 / "4 blanks") and, while it is above 0, ask before
// copying or saving: the question is the output's explanation [data-explain=blanks], written by Python.
// Answering "cancel" stops the copy or the download. The script knows no language and no policy.

const BADGE = "cr-blanks-count";

function blanksOf(form) {
  const output = form.querySelector('[data-output="blanks"]');
  if (!output) return null;
  let count = 0;
  try {
    count = Number(JSON.parse(output.dataset.value ?? "0"));
  } catch {
    count = 0;
  }
  return { output, count: Number.isFinite(count) ? count : 0 };
}

function takers(form) {
  return form.querySelectorAll("[data-copy], [data-download]");
}

// The count beside each button and link, and the explanation as their description.
function show(form) {
  const found = blanksOf(form);
  if (!found) return;
  const explain = form.querySelector('[data-explain="blanks"]');
  if (explain && !explain.id) explain.id = `${form.id || "cr-form"}-blanks-${Math.random().toString(36).slice(2)}`;
  for (const taker of takers(form)) {
    let badge = taker.querySelector(`.${BADGE}`);
    if (found.count > 0) {
      if (!badge) {
        badge = document.createElement("span");
        badge.className = BADGE;
        taker.append(badge);
      }
      badge.textContent = ` ${found.output.textContent.trim()}`;
      if (explain) taker.setAttribute("aria-describedby", explain.id);
      taker.dataset.blanks = String(found.count);
    } else {
      badge?.remove();
      taker.removeAttribute("aria-describedby");
      delete taker.dataset.blanks;
    }
  }
}

function bind(form) {
  if (form.dataset.blanksBound) return;
  const found = blanksOf(form);
  if (!found) return;
  form.dataset.blanksBound = "true";
  // Before the copy button's own handler and the link's default action: a capturing listener on the form.
  form.addEventListener(
    "click",
    (event) => {
      const taker = event.target instanceof Element ? event.target.closest("[data-copy], [data-download]") : null;
      if (!taker || !form.contains(taker)) return;
      const now = blanksOf(form);
      if (!now || now.count <= 0) return;
      const question = form.querySelector('[data-explain="blanks"]')?.textContent.trim() ?? "";
      if (!window.confirm(question)) {
        event.preventDefault();
        event.stopImmediatePropagation();
      }
    },
    true,
  );
  // Each new result rewrites the output (its text and data-value): follow it.
  new MutationObserver(() => show(form)).observe(found.output, {
    attributes: true,
    attributeFilter: ["data-value"],
    childList: true,
    characterData: true,
    subtree: true,
  });
  show(form);
}

document$.subscribe(() => {
  for (const form of document.querySelectorAll("form[data-calculator]")) bind(form);
});
