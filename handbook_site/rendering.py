"""The Jinja environment for the site's HTML partials (``overrides/partials/handbook/``).

The partials live in the theme's custom folder with Material's own partials,
because that is where the site's markup lives (``overrides/`` is also watched
by ``mkdocs serve``). They are rendered here, not by the theme: the hooks put
their output into a page's Markdown before the theme sees it, with
autoescaping on (the theme's environment does not escape).

What a partial returns lands inside Markdown, where a blank line ends an HTML
block and an indented line starts a code block. So ``.html`` partials are
written one element per line for people, and the loader joins their lines
without the line breaks and indentation (write a space that matters inside a
line, e.g. ``{{ link }} <small>``). ``.md`` partials keep their lines.
Values keep their own line breaks either way.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, partial
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from cancelrate.formatting import format_date
from cancelrate.phrases import text

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "overrides" / "partials" / "handbook"


class _JoinedLinesLoader(jinja2.FileSystemLoader):
    """Loads ``.html`` partials with each line stripped and the lines joined (see the module docstring)."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str | None, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        if template.endswith(".html"):
            source = "".join(line.strip() for line in source.splitlines())
        return source, filename, uptodate


def md_cell(text: object) -> Markup:
    """A value for a Markdown table cell: HTML-escaped, ``|`` escaped, on one line."""
    escaped = escape(text)
    return Markup(str(escaped).replace("|", "\\|").replace("\n", " "))


@cache
def environment() -> jinja2.Environment:
    """The shared environment: autoescape on, undefined names fail; filters ``md_cell`` and ``date``.

    ``{{ iso_text | date(lang) }}`` is :func:`cancelrate.formatting.format_date`.
    """
    env = jinja2.Environment(
        loader=_JoinedLinesLoader(TEMPLATES_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md_cell"] = md_cell
    env.filters["date"] = format_date
    return env


def render(name: str, /, **context: object) -> str:
    """Render partial ``name`` (a file in :data:`TEMPLATES_DIR`) with ``context``."""
    return environment().get_template(name).render(**context)


def render_in(lang: str, name: str, /, **context: object) -> str:
    """Render partial ``name`` for a page in ``lang``: with ``lang`` and ``t``, the catalogs' messages in that
    language (``{{ t("site.checked") }}`` is :func:`cancelrate.phrases.text`; the partials hold no words)."""
    return render(name, lang=lang, t=partial(text, lang), **context)
