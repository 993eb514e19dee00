"""Hypothesis settings for the unit tests (CPython and Pyodide alike), and the fuzz record.

No per-example deadline and no "too slow" health check: the suite runs on a
shared 2-core machine and inside WebAssembly, where timing says nothing about
correctness. Speed is measured in bench/.

Profiles, chosen with ``HYPOTHESIS_PROFILE``: ``handbook`` (the default, for
CI) and ``thorough`` (10,000 examples per fuzz test; ``bash scripts/fuzz.sh``).
At the end of a run that called the fuzzed calculators, the number of calls,
their time and the slowest input per calculator are printed (and written as
JSON to ``$FUZZ_REPORT`` when that is set).
"""

import json
import os

from hypothesis import HealthCheck, settings

settings.register_profile("handbook", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile(
    "thorough",
    max_examples=10_000,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "handbook"))


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "fuzz: property tests with hostile inputs (scripts/fuzz.sh runs them thoroughly)"
    )


def pytest_terminal_summary(terminalreporter):
    import fuzzing

    if not fuzzing.RECORD:
        return
    terminalreporter.section("fuzz: calls per calculator and the slowest input")
    for line in fuzzing.report_lines():
        terminalreporter.write_line(line)
    path = os.environ.get("FUZZ_REPORT")
    if path:
        with open(path, "w", encoding="utf-8") as out:
            json.dump(fuzzing.RECORD, out, ensure_ascii=False, indent=2)
