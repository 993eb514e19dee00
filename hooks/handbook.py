"""MkDocs hooks for the Cancel-Rate Handbook: the event handlers of :mod:`handbook_site.plugin`.

MkDocs loads ``hooks:`` entries by file path; this file only imports the
site's package (installed editable by ``scripts/setup.sh``), where the code is.
"""

from handbook_site.plugin import (
    on_config,
    on_files,
    on_page_context,
    on_page_markdown,
    on_post_build,
    on_post_page,
    on_post_template,
    on_pre_build,
    on_startup,
    on_template_context,
)

__all__ = [
    "on_config",
    "on_files",
    "on_page_context",
    "on_page_markdown",
    "on_post_build",
    "on_post_page",
    "on_post_template",
    "on_pre_build",
    "on_startup",
    "on_template_context",
]
