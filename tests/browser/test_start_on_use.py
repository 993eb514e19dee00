"""A page whose calculator sits below its text (the first-aid page embeds the plan writer) costs no runtime to read:
Python starts only once the seller uses the form, and then it answers as on a calculator page.
"""

import pytest
from runtime_site import boot, check_calculator_live, copy_site, new_context, serve, violations

from cancelrate.messages import ui_texts

pytestmark = pytest.mark.browser

FORM = 'form[data-calculator="plan_of_action"]'

# Scroll to the end of the page in screen-sized steps, as a reader would.
READ_TO_THE_END = """async () => {
    for (let y = 0; y < document.body.scrollHeight; y += innerHeight / 2) {
        scrollTo(0, y);
        await new Promise((resolve) => setTimeout(resolve, 50));
    }
    scrollTo(0, document.body.scrollHeight);
}"""


@pytest.fixture(scope="module")
def site(built_site, tmp_path_factory):
    return copy_site(built_site, tmp_path_factory.mktemp("on-use") / "site")


@pytest.mark.parametrize(("prefix", "lang"), [("", "ja"), ("en/", "en")])
def test_reading_the_first_aid_page_starts_no_python_until_the_form_is_used(chromium, site, prefix, lang):
    with serve(site) as server:
        context = new_context(chromium, viewport={"width": 390, "height": 800})
        page = context.new_page()
        page.goto(server.base + prefix + "first-aid/")
        page.evaluate(READ_TO_THE_END)
        page.wait_for_timeout(2500)  # whatever idle-time work would start, has
        assert not [path for path in server.requested if "/runtime/" in path or path.endswith("sw.js")]
        assert page.get_attribute(FORM, "data-calculator-status") == "idle"
        assert page.inner_text(f"{FORM} [data-status]") == ui_texts(lang)["prefilled"]
        assert page.get_attribute(FORM, "data-live") is None  # the pre-rendered example is what shows
        assert boot(page) is None

        # the seller taps a field: Python starts, and the form answers for what they type
        page.locator(f"{FORM} input, {FORM} textarea").first.focus()
        check_calculator_live(page, "plan_of_action", lang)
        assert boot(page) == "plain"
        assert any("/runtime/" in path for path in server.requested)
        assert violations(page) == []
        context.close()
