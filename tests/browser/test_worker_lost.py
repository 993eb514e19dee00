"""A calculator whose worker dies after Python started: the form stops saying "calculating…" and says why."""

import pytest
from runtime_site import new_context, wait_live

from cancelrate.messages import ui_texts

pytestmark = pytest.mark.browser

FORM = 'form[data-calculator="rate_check"]'

# Every worker the page starts, kept where the test can reach it.
CAPTURE_WORKERS = """
(() => {
  const Native = window.Worker;
  window.__workers = [];
  window.Worker = class extends Native {
    constructor(...args) {
      super(...args);
      window.__workers.push(this);
    }
  };
})();
"""
# From now on the worker never receives a calculation: it stays pending, as if Python were busy with it.
HOLD_CALCULATIONS = """() => {
  const worker = window.__workers[0];
  const post = worker.postMessage.bind(worker);
  worker.postMessage = (message, transfer) => (message?.type === "calculate" ? undefined : post(message, transfer));
}"""
DIE = """() => window.__workers[0].dispatchEvent(new ErrorEvent("error", { message: "test: the worker died" }))"""


def test_a_worker_that_dies_settles_the_pending_calculation_with_the_runtime_error(chromium, site_server):
    context = new_context(chromium)
    context.add_init_script(CAPTURE_WORKERS)
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(site_server.base + "en/calculators/rate-check/")
    wait_live(page, FORM)
    form = page.locator(FORM)
    assert form.get_attribute("data-calculator-status") == "ready"

    page.evaluate(HOLD_CALCULATIONS)
    page.fill(f"{FORM} [name=orders]", "40")
    page.wait_for_selector(f"{FORM}[data-busy]")  # a calculation is waiting for the worker

    page.evaluate(DIE)
    page.wait_for_selector(f'{FORM}[data-calculator-status="error"]', timeout=5_000)
    assert form.get_attribute("data-busy") is None
    assert form.locator("[data-status]").text_content() == ui_texts("en")["error"]
    assert any("test: the worker died" in e for e in errors), errors

    # a later change is not sent to the dead worker: the form stays in its error state
    page.fill(f"{FORM} [name=orders]", "41")
    page.wait_for_timeout(500)
    assert form.get_attribute("data-calculator-status") == "error" and form.get_attribute("data-busy") is None
    context.close()
