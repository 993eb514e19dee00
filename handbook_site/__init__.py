"""The Cancel-Rate Handbook's site code: what the MkDocs hooks do, as one package.

- :mod:`.plugin`: the MkDocs event handlers (``hooks/handbook.py`` imports them);
- :mod:`.macros`: ``{{ name(args) }}`` placeholders in the pages' Markdown;
- :mod:`.forms`: calculator forms and the calculator index;
- :mod:`.policy_pages`: policy tables, source lists, inline values;
- :mod:`.figures`: the knowledge-base pictures (SVG);
- :mod:`.knowledge`: the knowledge-base data of ``data/`` (read at build time only);
- :mod:`.rendering`: the Jinja partials of ``overrides/partials/handbook/``;
- :mod:`.runtime`: the browser runtime copied into the built site (:mod:`.snapshot`: its memory snapshot);
- :mod:`.offline`: the service worker's list and versioned links to our own assets.

Installed editable into ``.venv`` by ``scripts/setup.sh`` (with ``cancelrate``).
"""
