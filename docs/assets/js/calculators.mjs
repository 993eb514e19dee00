// Runs the site's calculators. It finds every <form data-calculator>, sends
// the form's inputs to Python (cancelrate.calculate, in a module Web Worker)
// and shows what comes back. It knows no policy and computes nothing itself:
// texts come from the form's data-text-* attributes or from Python.
//
// Python itself is calc-runtime.mjs: calculator pages load it early from their
// <head> (<script id="cr-runtime-start">, handbook_site/runtime.py) and this module
// imports that same instance; pages without a calculator never load it.

const forms = new Set();
let runtime = null;

function loadRuntime() {
  const script = document.getElementById("cr-runtime-start");
  runtime ??= script ? import(script.src) : Promise.reject(new Error("no runtime in this page"));
  return runtime;
}

// The site's root (Material's config.base), for files named from the root, like an example report.
function siteRoot() {
  const config = JSON.parse(document.getElementById("__config").textContent);
  return new URL(config.base.replace(/\/?$/, "/"), location.href);
}

// "Loading Python… 2.1 / 5.7 MB" while the runtime downloads (not for a quick start from the
// offline copy); once everything is in, back to "Starting the calculator (Python)…".
const progressFrom = performance.now();
let progressShown = false;
function showProgress(loaded, total, waiting) {
  if (!progressShown && (performance.now() - progressFrom < 500 || !waiting)) return;
  progressShown = true;
  const mb = (bytes) => (bytes / 1e6).toFixed(1);
  for (const form of forms) {
    if (form.dataset.calculatorStatus !== "loading") continue;
    const text = waiting ? (form.dataset.textProgress ?? "") : (form.dataset.textLoading ?? "");
    const status = form.querySelector("[data-status]");
    status.textContent = text.replace("{loaded}", mb(loaded)).replace("{total}", mb(total));
    // A bar under the words: the download's share, then (everything in, Python starting: seconds on a slow
    // phone) one that keeps moving. Only for the eye: the words above say the same.
    let bar = status.nextElementSibling;
    if (!(bar instanceof HTMLProgressElement)) {
      bar = document.createElement("progress");
      bar.className = "cr-calc__progress";
      bar.setAttribute("aria-hidden", "true");
      status.after(bar);
    }
    if (waiting) bar.value = total ? Math.min(loaded / total, 1) : 0;
    else bar.removeAttribute("value"); // indeterminate: it moves by itself
  }
}

function setStatus(form, status, text = status) {
  form.dataset.calculatorStatus = status;
  if (status !== "loading") form.querySelector(".cr-calc__progress")?.remove();
  const key = `text${text[0].toUpperCase()}${text.slice(1)}`;
  form.querySelector("[data-status]").textContent = form.dataset[key] ?? "";
}

// Field values as the API takes them: text as typed, a chosen file as its bytes
// (at most data-max-bytes + 1 of them: enough for Python to say "too large"),
// and for a <fieldset data-multiple=NAME> the list of ticked values ([] for none).
async function readInputs(form) {
  const inputs = {};
  const data = new FormData(form);
  for (const [name, value] of data) {
    if (value instanceof File) {
      const max = Number(form.elements.namedItem(name)?.dataset.maxBytes) || Infinity;
      const file = value.size > max ? value.slice(0, max + 1) : value;
      if (value.name || value.size) inputs[name] = new Uint8Array(await file.arrayBuffer());
    } else {
      inputs[name] = value;
    }
  }
  for (const fieldset of form.querySelectorAll("[data-multiple]")) {
    inputs[fieldset.dataset.multiple] = data.getAll(fieldset.dataset.multiple);
  }
  return inputs;
}

// Checkboxes of a <fieldset data-options-from=OUTPUT> from that output's value
// [{value, label}], keeping what was ticked. A result without the output (an
// error) leaves them as they are; unchanged options are not rebuilt (focus stays).
function renderChoices(fieldset, options) {
  if (!Array.isArray(options)) return;
  const key = JSON.stringify(options);
  if (fieldset.dataset.options === key) return;
  fieldset.dataset.options = key;
  const ticked = new Set(Array.from(fieldset.querySelectorAll("input:checked"), (box) => box.value));
  const boxes = options.map(({ value, label }) => {
    const box = document.createElement("input");
    box.type = "checkbox";
    box.name = fieldset.dataset.multiple;
    box.value = value;
    box.checked = ticked.has(value);
    const choice = document.createElement("label");
    choice.className = "cr-choice";
    choice.append(box, " ", label);
    return choice;
  });
  fieldset.querySelector("[data-choices]").replaceChildren(...boxes);
}

// Charts are plain SVG: shapes, text and fragment links. Anything else in what
// Python sent (scripts, event handlers, foreign or HTML content, external
// references, animation that could rewrite attributes) is removed before the
// chart enters the page.
const SVG_NS = "http://www.w3.org/2000/svg";
const SVG_ELEMENTS = new Set(
  "svg g defs title desc path rect circle ellipse line polyline polygon text tspan clipPath linearGradient radialGradient stop marker symbol use pattern mask".split(
    " ",
  ),
);

export function cleanSvg(root) {
  if (root.namespaceURI !== SVG_NS || root.localName !== "svg") return null;
  for (const element of [root, ...root.querySelectorAll("*")]) {
    if (element.namespaceURI !== SVG_NS || !SVG_ELEMENTS.has(element.localName)) {
      element.remove();
      continue;
    }
    for (const attribute of [...element.attributes]) {
      const name = attribute.localName.toLowerCase();
      const value = attribute.value.replace(/[\s\u0000-\u001f]/g, "").toLowerCase();
      const external = /url\((?!['"]?#)/.test(value) || value.includes("javascript:") || value.includes("data:");
      const link = name === "href" && !attribute.value.trim().startsWith("#");
      if (name.startsWith("on") || name === "style" || link || external) element.removeAttributeNode(attribute);
    }
  }
  return root;
}

// An SVG chart made by our Python, parsed as SVG (never as HTML) in an inert document, then cleaned.
export function renderChart(slot, svg) {
  if (!svg) return slot.replaceChildren();
  const doc = new DOMParser().parseFromString(svg, "image/svg+xml");
  const chart = doc.querySelector("parsererror") ? null : cleanSvg(doc.documentElement);
  if (!chart) return slot.replaceChildren();
  slot.replaceChildren(document.importNode(chart, true));
}

// A table of plain text cells: {caption, columns: [...], rows: [[...], ...]}.
function renderTable(slot, table) {
  if (!table) return slot.replaceChildren();
  const element = document.createElement("table");
  if (table.caption) element.createCaption().textContent = table.caption;
  const head = element.createTHead().insertRow();
  for (const column of table.columns) {
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = column;
    head.append(th);
  }
  const body = element.createTBody();
  for (const row of table.rows) {
    const tr = body.insertRow();
    for (const cell of row) tr.insertCell().textContent = cell ?? "";
  }
  slot.replaceChildren(element);
}

// A text the seller takes away (an output of kind "text", value {filename, media_type, text}): the read-only
// box [data-text=NAME] shows it and the link [data-download=NAME] saves it as a file made here (a Blob, UTF-8,
// the characters exactly as Python wrote them: no byte-order mark, line breaks untouched). Nothing is sent
// anywhere. A result without it (an error) empties the box and takes the link away.
const downloads = new WeakMap(); // link -> its object URL, revoked when replaced

function renderTextFile(form, name, file) {
  const box = form.querySelector(`[data-text="${CSS.escape(name)}"]`);
  const link = form.querySelector(`[data-download="${CSS.escape(name)}"]`);
  const text = typeof file?.text === "string" ? file.text : "";
  if (box) box.value = text;
  const status = form.querySelector(`[data-copied="${CSS.escape(name)}"]`);
  if (status) status.textContent = "";
  if (!link) return;
  if (downloads.has(link)) URL.revokeObjectURL(downloads.get(link));
  downloads.delete(link);
  if (!text) {
    link.removeAttribute("href");
    link.hidden = true;
    return;
  }
  const type = String(file.media_type || "text/plain");
  const blob = new Blob([text], { type: /charset=/i.test(type) ? type : `${type};charset=utf-8` });
  const url = URL.createObjectURL(blob);
  downloads.set(link, url);
  link.href = url;
  link.download = String(file.filename || "");
  link.hidden = false;
}

// "Copy": the Clipboard API, or where it is refused (no permission, an older browser) the box's own text,
// selected and copied with execCommand. The status line says whether it worked.
async function copyText(form, name) {
  const box = form.querySelector(`[data-text="${CSS.escape(name)}"]`);
  const status = form.querySelector(`[data-copied="${CSS.escape(name)}"]`);
  if (!box) return;
  let copied = false;
  try {
    await navigator.clipboard.writeText(box.value);
    copied = true;
  } catch {
    box.focus();
    box.select();
    try {
      copied = document.execCommand("copy");
    } catch {
      copied = false;
    }
  }
  if (status) status.textContent = (copied ? form.dataset.textCopied : form.dataset.textNotcopied) ?? "";
}

// Whether a field holds nothing yet: no file chosen, nothing ticked, blank text.
function isEmpty(control) {
  if (control instanceof HTMLInputElement && control.type === "file") return control.files.length === 0;
  if (control instanceof HTMLFieldSetElement) return !control.querySelector("input:checked");
  return control instanceof Element && "value" in control && String(control.value).trim() === "";
}

// The local date `daysAgo` days before today, as YYYY-MM-DD (the seller's own calendar, not UTC).
function localDate(daysAgo = 0) {
  const day = new Date();
  day.setDate(day.getDate() - daysAgo);
  return [day.getFullYear(), day.getMonth() + 1, day.getDate()].map((n) => String(n).padStart(2, "0")).join("-");
}

// The field a result's error names: a <fieldset data-multiple=NAME> or the control NAME.
function control(form, name) {
  return form.querySelector(`[data-multiple="${CSS.escape(name)}"]`) ?? form.elements.namedItem(name);
}

// Puts values into the form's fields ({name: text, or a list of ticks}); names it lacks are ignored.
function putValues(form, values) {
  for (const [name, value] of Object.entries(values)) {
    const field = control(form, name);
    if (field instanceof HTMLFieldSetElement) {
      const ticks = new Set(Array.isArray(value) ? value.map(String) : [String(value)]);
      for (const box of field.querySelectorAll('input[type="checkbox"]')) box.checked = ticks.has(box.value);
    } else if (field instanceof HTMLSelectElement) {
      if ([...field.options].some((option) => option.value === String(value))) field.value = String(value);
    } else if (field instanceof HTMLTextAreaElement || (field instanceof HTMLInputElement && field.type === "text")) {
      field.value = String(value);
    }
  }
}

// Leaving the example: the results built into the page were computed from the example values, never the
// seller's, so they go the moment the seller types, fills the example, or a link or hand-over sets values
// ("pending": the link's values are computed as soon as Python runs, and the results area says so).
function leaveExample(form, pending = false) {
  if (form.dataset.example) {
    delete form.dataset.example;
    render(form, { ok: false, errors: [] });
  }
  const note = form.querySelector("[data-pending]");
  if (note) note.hidden = !pending;
}

// The policy the seller chose last, on this device (only its id): the next form starts on it.
const POLICY_KEY = "cr-policy";
function rememberPolicy(select) {
  try {
    if (select.value) localStorage.setItem(POLICY_KEY, select.value);
  } catch {
    // storage refused (private mode): the choice is simply not kept
  }
}
// A form that asks for a marketplace (account_health) starts on the marketplace of the policy chosen last: the
// option whose id begins that policy's id ("amazon_jp" for "amazon_jp_sfp").
function recallPolicy(form) {
  const select = form.elements.namedItem("policy") ?? form.elements.namedItem("marketplace");
  if (!(select instanceof HTMLSelectElement) || select.dataset.pageSet || select.dataset.linked) return;
  let stored = null;
  try {
    stored = localStorage.getItem(POLICY_KEY);
  } catch {
    stored = null;
  }
  if (!stored) return;
  const fits = (value) => (select.name === "policy" ? value === stored : stored === value || stored.startsWith(`${value}_`));
  const option = [...select.options].find((o) => o.value && fits(o.value));
  if (option) select.value = option.value;
}

// Values another calculator handed over in this tab (sessionStorage, never a URL: e.g. order numbers from a
// report), read once and removed.
function takeHandover(form) {
  const key = `cr-handover:${form.dataset.calculator}`;
  let values = null;
  try {
    values = JSON.parse(sessionStorage.getItem(key) ?? "null");
    sessionStorage.removeItem(key);
  } catch {
    values = null;
  }
  if (!values || typeof values !== "object") return false;
  putValues(form, values);
  showDependents(form);
  return true;
}

// "Fill in the example": every field gets its example (data-fill, JSON; a date that should not age, the date
// that many days before today), and the form computes as if the seller had typed them.
function fillExample(form) {
  for (const field of form.querySelectorAll("[data-fill]")) {
    let value = JSON.parse(field.dataset.fill);
    if (field.dataset.exampleDaysAgo) value = localDate(Number(field.dataset.exampleDaysAgo));
    putValues(form, { [field.dataset.multiple ?? field.name]: value });
  }
  form.dispatchEvent(new Event("input", { bubbles: true }));
}

// The device's date picker beside a date field (data-pick="date": sets it; "dates": adds a line).
function bindPicker(form, button) {
  const row = button.closest(".cr-field__row");
  const picker = row?.querySelector("input[type=date]");
  const field = row?.querySelector("input[type=text], textarea");
  if (!picker || !field) return;
  button.hidden = false;
  button.addEventListener("click", () => {
    try {
      picker.showPicker();
    } catch {
      picker.focus();
      picker.click();
    }
  });
  picker.addEventListener("change", () => {
    if (!picker.value) return;
    if (button.dataset.pick === "dates" && field.value.trim()) field.value = `${field.value.replace(/\s+$/, "")}\n${picker.value}`;
    else field.value = picker.value;
    picker.value = "";
    field.dispatchEvent(new Event("input", { bubbles: true }));
  });
}

// A field shown only while a box is ticked (data-shown-with="CHOICES=VALUE", e.g. a cause's reason).
function showDependents(form) {
  for (const field of form.querySelectorAll("[data-shown-with]")) {
    const [name, value] = field.dataset.shownWith.split("=");
    const box = form.querySelector(`[data-multiple="${CSS.escape(name)}"] input[value="${CSS.escape(value)}"]`);
    field.hidden = !box?.checked;
  }
}

// On a phone the help texts wait behind a button beside each label (CSS shows the buttons on narrow screens only).
function bindHelp(form) {
  form.dataset.helpOnDemand = "true";
  for (const button of form.querySelectorAll("[data-help-toggle]")) {
    const help = document.getElementById(button.getAttribute("aria-controls"));
    if (!help) continue;
    button.hidden = false;
    button.addEventListener("click", () => {
      const open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", String(open));
      help.toggleAttribute("data-open", open);
    });
  }
}

// Next steps: links to another page or calculator (data-pages: targets from the site's root), carrying the
// seller's numbers in the #calc= fragment, and values that must not go into a URL through sessionStorage.
function renderLinks(form, slot, links) {
  if (!Array.isArray(links) || !links.length) return slot.replaceChildren();
  const pages = JSON.parse(form.dataset.pages || "{}");
  const items = [];
  for (const link of links) {
    if (!pages[link.to]) continue;
    const url = new URL(pages[link.to], siteRoot());
    if (link.values) {
      const pairs = [["calc", link.to]];
      for (const [name, value] of Object.entries(link.values)) {
        for (const one of Array.isArray(value) ? value : [value]) pairs.push([name, String(one)]);
      }
      url.hash = pairs.map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`).join("&");
    } else if (link.anchor) {
      url.hash = link.anchor;
    }
    const anchor = document.createElement("a");
    anchor.className = "cr-links__link";
    anchor.href = url.href;
    anchor.textContent = link.label;
    if (link.handover) {
      anchor.addEventListener("click", () => {
        try {
          sessionStorage.setItem(`cr-handover:${link.to}`, JSON.stringify(link.handover));
        } catch {
          // no storage: the page opens with the link's values only
        }
      });
    }
    items.push(anchor);
  }
  slot.replaceChildren(...items);
}

// The main result in the summary bar (data-outputs: the outputs it shows); hidden until a result of the seller's own.
function renderSummary(form, result) {
  const button = form.querySelector("[data-summary-result]");
  if (!button) return;
  const names = (button.dataset.outputs || "").split(" ").filter(Boolean);
  const parts = result.ok ? names.map((name) => result.display[name]?.value).filter((v) => v && v !== "—") : [];
  button.querySelector("[data-summary-text]").textContent = parts.join(" · ");
  button.hidden = parts.length === 0;
}

// The errors that only say "this is still empty" (a required field, a choice, a file, a pair of counts or its
// other half): a calm prompt next to the field, not a red error. A file's shows only once the seller has tried to
// choose one.
const PROMPTS = new Set(["required", "choice_required", "file_required", "pair_required", "pair_incomplete"]);

function render(form, result) {
  for (const slot of form.querySelectorAll("[data-error-for]")) {
    slot.textContent = "";
    delete slot.dataset.prompt;
  }
  for (const element of form.elements) element.removeAttribute("aria-invalid");
  const outputs = result.ok ? result.outputs : {};
  const display = result.ok ? result.display : {};
  if (!result.ok) {
    for (const error of result.errors) {
      const field = control(form, error.field ?? "");
      const empty = field instanceof Element && isEmpty(field);
      const prompt = empty && PROMPTS.has(error.code);
      // nothing to ask for before the seller (or a link) has put anything in the form
      if (prompt && !form.dataset.touched && !form.dataset.fromLink) continue;
      if (prompt && field instanceof HTMLInputElement && field.type === "file" && !field.dataset.asked) continue;
      const slot =
        form.querySelector(`[data-error-for="${CSS.escape(error.field ?? "_form")}"]`) ??
        form.querySelector('[data-error-for="_form"]');
      slot.textContent = error.message || form.dataset.textInternal;
      if (prompt) slot.dataset.prompt = "true";
      else if (field instanceof Element) field.setAttribute("aria-invalid", "true");
    }
  }
  for (const output of form.querySelectorAll("[data-output]")) {
    const name = output.dataset.output;
    output.dataset.value = JSON.stringify(outputs[name] ?? null);
    output.textContent = display[name]?.value ?? "—";
  }
  for (const explain of form.querySelectorAll("[data-explain]")) {
    explain.textContent = display[explain.dataset.explain]?.explanation ?? "";
  }
  for (const slot of form.querySelectorAll("[data-chart]")) renderChart(slot, display[slot.dataset.chart]?.svg);
  for (const slot of form.querySelectorAll("[data-table]")) renderTable(slot, display[slot.dataset.table]?.table);
  for (const slot of form.querySelectorAll("[data-links]")) renderLinks(form, slot, outputs[slot.dataset.links]);
  for (const fieldset of form.querySelectorAll("[data-options-from]")) {
    renderChoices(fieldset, outputs[fieldset.dataset.optionsFrom]);
  }
  for (const box of form.querySelectorAll("[data-text]")) renderTextFile(form, box.dataset.text, outputs[box.dataset.text]);
  renderSummary(form, result);
}

// Busy: a run that takes a moment (a big file) says "calculating…" in the summary bar; quick ones don't flicker.
// One timer per form, replaced by every update and cleared by the answer to the latest one, however fast the
// seller types (an answer that was overtaken changes nothing).
const busyTimers = new WeakMap();
function startBusy(form) {
  clearTimeout(busyTimers.get(form));
  busyTimers.set(
    form,
    setTimeout(() => {
      form.dataset.busy = "true";
      form.querySelector("[data-status]").textContent = form.dataset.textBusy ?? "";
    }, 200),
  );
}
function endBusy(form) {
  clearTimeout(busyTimers.get(form));
  busyTimers.delete(form);
  if (form.dataset.busy) {
    delete form.dataset.busy;
    setStatus(form, "ready");
  }
}

function bind(form) {
  if (forms.has(form)) return;
  forms.add(form);
  let latest = 0;
  const update = async () => {
    const ticket = ++latest;
    startBusy(form);
    const { calculate, keepOfflineCopy } = await loadRuntime();
    const result = await calculate(form.dataset.calculator, await readInputs(form), form.dataset.lang);
    if (ticket !== latest) return;
    endBusy(form);
    if (result.runtime) return setStatus(form, "error"); // the worker died: say so, keep what is on screen
    // The example stays until the seller acts: a first answer for the empty form is not shown over it.
    if (!form.dataset.example) {
      const pending = form.querySelector("[data-pending]");
      if (pending) pending.hidden = true;
      render(form, result);
    }
    delete form.dataset.stale;
    form.dataset.live = "true"; // Python has answered in this page: what is on screen is its answer or the example
    if (form.dataset.touched) keepOfflineCopy(); // the seller used a calculator: worth keeping for next time
  };
  form.addEventListener("submit", (event) => event.preventDefault());
  // Values that are the seller's, set before anything is typed: today's date where a field means today, the
  // policy chosen last time, values handed over by another calculator or set by a link (calc-link.mjs).
  for (const field of form.querySelectorAll("[data-today]")) {
    if (!field.value && !field.dataset.linked && !field.dataset.pageSet) field.value = localDate();
  }
  recallPolicy(form);
  if (takeHandover(form)) form.dataset.fromLink = "true";
  if (form.dataset.fromLink) leaveExample(form, true);
  // A file dropped anywhere on the form goes into its file input.
  const fileInput = form.querySelector('input[type="file"]');
  if (fileInput) {
    // the seller asked for a file: from now on an empty one is named ("choose a file"), e.g. after a cancelled picker
    for (const event of ["click", "change"]) fileInput.addEventListener(event, () => (fileInput.dataset.asked = "true"));
    fileInput.addEventListener("cancel", () => {
      fileInput.dataset.asked = "true";
      fileInput.dispatchEvent(new Event("input", { bubbles: true }));
    });
    form.addEventListener("dragover", (event) => {
      event.preventDefault();
      form.dataset.dragging = "true";
    });
    form.addEventListener("dragleave", () => delete form.dataset.dragging);
    form.addEventListener("drop", (event) => {
      event.preventDefault();
      delete form.dataset.dragging;
      if (!event.dataTransfer?.files.length) return;
      fileInput.dataset.asked = "true";
      fileInput.files = event.dataTransfer.files;
      fileInput.dispatchEvent(new Event("input", { bubbles: true }));
    });
  }
  // A file field with data-example-file=URL (from the site's root) has a button that puts that file into it.
  for (const button of form.querySelectorAll("[data-example-for]")) {
    const input = form.elements.namedItem(button.dataset.exampleFor);
    if (!(input instanceof HTMLInputElement) || !input.dataset.exampleFile) continue;
    button.hidden = false;
    button.addEventListener("click", async () => {
      // the example report goes with the example's policy when none is chosen yet
      const policy = form.elements.namedItem("policy");
      if (policy instanceof HTMLSelectElement && !policy.value && policy.dataset.fill) {
        putValues(form, { policy: JSON.parse(policy.dataset.fill) });
      }
      const url = new URL(input.dataset.exampleFile, siteRoot());
      try {
        const response = await fetch(url);
        if (!response.ok) throw new Error(`${response.status} ${url}`);
        const blob = await response.blob();
        const files = new DataTransfer();
        files.items.add(new File([blob], url.pathname.split("/").pop(), { type: blob.type }));
        input.files = files.files;
      } catch (error) {
        console.error("example file could not be loaded:", error);
        form.querySelector(`[data-error-for="${CSS.escape(input.name)}"]`).textContent = button.dataset.textFailed;
        return;
      }
      input.dataset.asked = "true";
      input.dispatchEvent(new Event("input", { bubbles: true }));
    });
  }
  for (const button of form.querySelectorAll("[data-fill-example]")) {
    button.hidden = false;
    button.addEventListener("click", () => fillExample(form));
  }
  for (const button of form.querySelectorAll("[data-pick]")) bindPicker(form, button);
  bindHelp(form);
  showDependents(form);
  // The summary bar's result scrolls to all results.
  form.querySelector("[data-summary-result]")?.addEventListener("click", () => {
    form.querySelector(".cr-calc__results")?.scrollIntoView({ behavior: "smooth", block: "start" });
  });
  // Text outputs: the copy button, and the download link for the text built into the page (the example's).
  for (const button of form.querySelectorAll("[data-copy]")) {
    button.hidden = false;
    button.addEventListener("click", () => copyText(form, button.dataset.copy));
  }
  for (const box of form.querySelectorAll("[data-text]")) {
    const output = form.querySelector(`[data-output="${CSS.escape(box.dataset.text)}"]`);
    let file = null;
    try {
      file = JSON.parse(output?.dataset.value ?? "null");
    } catch {
      file = null;
    }
    renderTextFile(form, box.dataset.text, file);
  }
  form.addEventListener("input", (event) => {
    form.dataset.touched = "true";
    showDependents(form);
    leaveExample(form);
    // the changed field's message no longer applies (a new file, a corrected number): gone at once
    const changed = event.target instanceof Element ? event.target.closest("[data-multiple]") ?? event.target : null;
    const name = changed?.dataset?.multiple ?? changed?.name;
    if (name) {
      const slot = form.querySelector(`[data-error-for="${CSS.escape(name)}"]`);
      if (slot) slot.textContent = "";
      changed.removeAttribute("aria-invalid");
    }
    if (changed instanceof HTMLSelectElement && changed.name === "policy") rememberPolicy(changed);
    if (form.dataset.calculatorStatus === "ready") update();
    else form.dataset.stale = "true";
  });
  // A page whose calculator is below its text starts Python once the form is used (calc-runtime.mjs wanted()).
  const onUse = document.getElementById("cr-runtime")?.dataset.start === "on-use";
  if (onUse) setStatus(form, "idle", "prefilled");
  else setStatus(form, "loading");
  loadRuntime()
    .then(async ({ startRuntime, onProgress, wanted }) => {
      await wanted(form);
      if (onUse) setStatus(form, "loading");
      onProgress(showProgress);
      return startRuntime();
    })
    .then(
      () => {
        setStatus(form, "ready");
        // what a link, a hand-over or the seller already set is computed; an untouched form keeps its example
        update();
      },
      (failure) => setStatus(form, "error", failure.reason === "network" ? "network" : "error"),
    );
}

document$.subscribe(() => {
  for (const form of document.querySelectorAll("form[data-calculator]")) bind(form);
});
