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

// Example dates that do not age: a field marked data-example-days-ago=N gets the local date N days before
// today (YYYY-MM-DD) before the first live result; the page as built shows a fixed date, which its result names.
// A form's example dates go together: once the seller has typed in one of them, or a link has set one
// (data-linked, calc-link.mjs), none is changed.
function fillExampleDates(form) {
  const fields = [...form.querySelectorAll("[data-example-days-ago]")];
  if (fields.some((field) => field.value !== field.defaultValue || field.dataset.linked)) return;
  for (const field of fields) {
    const day = new Date();
    day.setDate(day.getDate() - Number(field.dataset.exampleDaysAgo));
    const parts = [day.getFullYear(), day.getMonth() + 1, day.getDate()];
    field.value = parts.map((n) => String(n).padStart(2, "0")).join("-");
  }
}

function render(form, result) {
  for (const slot of form.querySelectorAll("[data-error-for]")) slot.textContent = "";
  for (const control of form.elements) control.removeAttribute("aria-invalid");
  const outputs = result.ok ? result.outputs : {};
  const display = result.ok ? result.display : {};
  if (!result.ok) {
    for (const error of result.errors) {
      const field = error.field ?? "";
      const control = form.querySelector(`[data-multiple="${CSS.escape(field)}"]`) ?? form.elements.namedItem(field);
      // An empty field is not an error before the seller has acted on the form (the page opens without a file),
      // unless a link set it so (calc-link.mjs).
      if (!form.dataset.touched && isEmpty(control) && !control?.dataset?.linked) continue;
      const slot =
        form.querySelector(`[data-error-for="${CSS.escape(error.field ?? "_form")}"]`) ??
        form.querySelector('[data-error-for="_form"]');
      slot.textContent = error.message || form.dataset.textInternal;
      if (control instanceof Element) control.setAttribute("aria-invalid", "true");
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
  for (const fieldset of form.querySelectorAll("[data-options-from]")) {
    renderChoices(fieldset, outputs[fieldset.dataset.optionsFrom]);
  }
  for (const box of form.querySelectorAll("[data-text]")) renderTextFile(form, box.dataset.text, outputs[box.dataset.text]);
  delete form.dataset.stale;
  form.dataset.live = "true"; // results on screen now come from Python in this page
}

function bind(form) {
  if (forms.has(form)) return;
  forms.add(form);
  let latest = 0;
  const update = async () => {
    const ticket = ++latest;
    // Long runs (a big file) show "calculating…" after a moment; quick ones don't flicker.
    const busy = setTimeout(() => {
      form.dataset.busy = "true";
      form.querySelector("[data-status]").textContent = form.dataset.textBusy ?? "";
    }, 200);
    if (!form.dataset.live) fillExampleDates(form);
    const { calculate, keepOfflineCopy } = await loadRuntime();
    const result = await calculate(form.dataset.calculator, await readInputs(form), form.dataset.lang);
    if (ticket !== latest) return;
    clearTimeout(busy);
    if (form.dataset.busy) {
      delete form.dataset.busy;
      setStatus(form, "ready");
    }
    render(form, result);
    if (form.dataset.touched) keepOfflineCopy(); // the seller used a calculator: worth keeping for next time
  };
  form.addEventListener("submit", (event) => event.preventDefault());
  // A file dropped anywhere on the form goes into its file input.
  const fileInput = form.querySelector('input[type="file"]');
  if (fileInput) {
    form.addEventListener("dragover", (event) => {
      event.preventDefault();
      form.dataset.dragging = "true";
    });
    form.addEventListener("dragleave", () => delete form.dataset.dragging);
    form.addEventListener("drop", (event) => {
      event.preventDefault();
      delete form.dataset.dragging;
      if (!event.dataTransfer?.files.length) return;
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
      input.dispatchEvent(new Event("input", { bubbles: true }));
    });
  }
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
  form.addEventListener("input", () => {
    form.dataset.touched = "true";
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
        update();
      },
      (failure) => setStatus(form, "error", failure.reason === "network" ? "network" : "error"),
    );
}

document$.subscribe(() => {
  for (const form of document.querySelectorAll("form[data-calculator]")) bind(form);
});
