// Runs the site's calculators. It finds every <form data-calculator>, sends
// the form's inputs to Python (cancelrate.calculate, in a module Web Worker)
// and shows what comes back. It knows no policy and computes nothing itself:
// texts come from the form's data-text-* attributes or from Python.

const RUNTIME = "runtime/"; // under the site root, written by hooks/runtime.py

let worker = null;
let ready = null;
let nextId = 0;
const pending = new Map();
const forms = new Set();

function siteRoot() {
  const config = JSON.parse(document.getElementById("__config").textContent);
  return new URL(config.base.replace(/\/?$/, "/"), location.href);
}

function startWorker() {
  if (ready) return ready;
  worker = new Worker(new URL("./calc-worker.mjs", import.meta.url), { type: "module" });
  ready = new Promise((resolve, reject) => {
    worker.addEventListener("message", ({ data }) => {
      if (data.type === "ready") resolve();
      else if (data.type === "failed") reject(new Error(data.message));
      else if (data.type === "result") {
        pending.get(data.id)?.(data.result);
        pending.delete(data.id);
      }
    });
    worker.addEventListener("error", (event) => {
      reject(new Error(event.message || "worker error"));
      for (const form of forms) setStatus(form, "error");
    });
  });
  worker.postMessage({ type: "init", runtime: new URL(RUNTIME, siteRoot()).href });
  return ready;
}

function calculate(calculator, inputs, lang) {
  return new Promise((resolve) => {
    const id = ++nextId;
    pending.set(id, resolve);
    worker.postMessage({ type: "calculate", id, calculator, inputs, lang });
  });
}

function setStatus(form, status) {
  form.dataset.calculatorStatus = status;
  const key = `text${status[0].toUpperCase()}${status.slice(1)}`;
  form.querySelector("[data-status]").textContent = form.dataset[key] ?? "";
}

function readInputs(form) {
  const inputs = {};
  for (const [name, value] of new FormData(form)) inputs[name] = value;
  return inputs;
}

function render(form, result) {
  for (const slot of form.querySelectorAll("[data-error-for]")) slot.textContent = "";
  for (const control of form.elements) control.removeAttribute("aria-invalid");
  const outputs = result.ok ? result.outputs : {};
  const display = result.ok ? result.display : {};
  if (!result.ok) {
    for (const error of result.errors) {
      const slot =
        form.querySelector(`[data-error-for="${CSS.escape(error.field ?? "_form")}"]`) ??
        form.querySelector('[data-error-for="_form"]');
      slot.textContent = error.message || form.dataset.textInternal;
      form.elements.namedItem(error.field ?? "")?.setAttribute("aria-invalid", "true");
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
  delete form.dataset.stale;
}

function bind(form) {
  if (forms.has(form)) return;
  forms.add(form);
  let latest = 0;
  const update = async () => {
    const ticket = ++latest;
    const result = await calculate(form.dataset.calculator, readInputs(form), form.dataset.lang);
    if (ticket === latest) render(form, result);
  };
  form.addEventListener("submit", (event) => event.preventDefault());
  form.addEventListener("input", () => {
    if (form.dataset.calculatorStatus === "ready") update();
    else form.dataset.stale = "true";
  });
  setStatus(form, "loading");
  startWorker().then(
    () => {
      setStatus(form, "ready");
      update();
    },
    (error) => {
      console.error("calculator runtime failed to start:", error);
      setStatus(form, "error");
    },
  );
}

document$.subscribe(() => {
  for (const form of document.querySelectorAll("form[data-calculator]")) bind(form);
});
