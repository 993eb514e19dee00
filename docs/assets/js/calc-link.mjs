// Shareable calculators: a form's inputs live in the page's URL fragment, and a "copy link" button gives that URL.
//
//   #calc=<calculator id>&<input name>=<value>&…   (values URL-encoded; a multi-choice field repeats its name)
//
// Written as the seller types (history.replaceState: no new history entry), for the form last edited; files never.
// Read when the page opens (and when only the fragment changes): it fills the calculator it names, and
// calculators.mjs computes with those values as soon as Python runs. Any other fragment (a heading's anchor) is
// left to the browser and Material; a fragment naming a calculator this page lacks is ignored; values Python
// refuses end in the field's normal error. Texts come from the form's data-text-link_* attributes.
// Loaded as its own script (mkdocs.yml, before calculators.mjs), so it gets the build's ?v= like the others.

const PREFIX = "#calc=";
const MAX_TICKS = 50; // values read per multi-choice field (as many as any such field takes)
const timers = new WeakMap();
const shown = new WeakSet();

// [name, value] pairs of the form's inputs in its order: ticked boxes only, no file nor what came from one, and no value longer than
// its field takes (data-max-length; Python refuses it anyway), so the fragment stays bounded.
function entries(form) {
  const pairs = [];
  for (const control of form.elements) {
    if (!control.name || control.type === "file" || (control.type === "checkbox" && !control.checked)) continue;
    // options read from the seller's file (a report's shipping services) are the file's rows, never in a link
    if (control.closest("[data-options-from]")) continue;
    const max = Number(control.closest("[data-max-length]")?.dataset.maxLength) || Infinity;
    const { value } = control; // Python counts code points, JavaScript's length UTF-16 units
    if (value.length <= max || (value.length <= 2 * max && [...value].length <= max)) pairs.push([control.name, value]);
  }
  return pairs;
}

export function fragment(form) {
  const pairs = [["calc", form.dataset.calculator], ...entries(form)];
  return `#${pairs.map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`).join("&")}`;
}

function remember(form) {
  clearTimeout(timers.get(form));
  try {
    history.replaceState(history.state, "", fragment(form));
  } catch (error) {
    console.warn("the link could not be written:", error); // a browser that limits history calls
  }
}

// Ticks a multi-choice field's boxes. Options that come from a result (data-options-from, e.g. a file's
// shipping services) may not be there yet: such a value gets a ticked box of its own, which the next result
// keeps if its options have that value (calculators.mjs, renderChoices). Unknown static options are ignored.
function tick(fieldset, values) {
  const boxes = [...fieldset.querySelectorAll('input[type="checkbox"]')];
  for (const box of boxes) box.checked = values.includes(box.value);
  if (!fieldset.dataset.optionsFrom) return;
  for (const value of new Set(values.filter((v) => !boxes.some((box) => box.value === v)))) {
    const box = Object.assign(document.createElement("input"), { type: "checkbox", value, checked: true });
    box.name = fieldset.dataset.multiple;
    const label = document.createElement("label");
    label.className = "cr-choice";
    label.append(box, " ", value);
    fieldset.querySelector("[data-choices]").append(label);
  }
}

// Puts the fragment's values into the calculator it names; returns that form, or null (another fragment).
function fill(hash) {
  if (!hash.startsWith(PREFIX)) return null;
  const params = new URLSearchParams(hash.slice(1)); // never throws: bad %-escapes become U+FFFD or stay as typed
  const form = document.querySelector(`form[data-calculator="${CSS.escape(params.get("calc"))}"]`);
  if (!form) return null;
  for (const name of new Set(params.keys())) {
    const values = params.getAll(name).slice(0, MAX_TICKS);
    const fieldset = form.querySelector(`[data-multiple="${CSS.escape(name)}"]`);
    const control = fieldset ?? form.elements.namedItem(name);
    if (fieldset) tick(fieldset, values);
    else if (control instanceof HTMLSelectElement || control instanceof HTMLTextAreaElement) control.value = values[0];
    else if (control instanceof HTMLInputElement && control.type === "text") control.value = values[0];
    else continue; // "calc", names this form does not have, the file input
    // Set by the link: its error shows at once (even when empty), and an example date keeps it.
    control.dataset.linked = "true";
  }
  return form;
}

function showLink(form) {
  const block = form.querySelector("[data-link]");
  if (!block || shown.has(form)) return;
  shown.add(form);
  block.hidden = false;
  const status = block.querySelector("[data-link-status]");
  const field = block.querySelector("[data-link-url]");
  const say = (text) => {
    status.textContent = ""; // the same text again is announced again
    requestAnimationFrame(() => (status.textContent = text ?? ""));
  };
  block.querySelector("[data-link-copy]").addEventListener("click", async () => {
    remember(form);
    try {
      await navigator.clipboard.writeText(location.href);
      field.hidden = true;
      say(form.dataset.textLink_copied);
    } catch {
      // No clipboard here (an old browser, a page not on HTTPS, permission refused): the link, selected.
      field.hidden = false;
      const input = field.querySelector("input");
      input.value = location.href;
      input.focus();
      input.select();
      say(form.dataset.textLink_select);
    }
  });
  form.addEventListener("input", () => {
    clearTimeout(timers.get(form));
    timers.set(form, setTimeout(remember, 150, form)); // once typing pauses
  });
}

// Opening a link: the named form gets the values and is scrolled into view; calculators.mjs replaces the example
// results with "computing the linked values…" until Python answers (data-from-link). A fragment changed later on
// the same page, or a form already running, recomputes like any input.
function open(initial) {
  const form = fill(location.hash);
  if (!form) return;
  if (initial && form.dataset.calculatorStatus === "static") form.dataset.fromLink = "true";
  else form.dispatchEvent(new Event("input", { bubbles: true }));
  form.scrollIntoView({ block: "start" });
}

let started = false;
document$.subscribe(() => {
  for (const form of document.querySelectorAll("form[data-calculator]")) showLink(form);
  if (started) return;
  started = true;
  open(true);
  window.addEventListener("hashchange", () => open(false));
});
