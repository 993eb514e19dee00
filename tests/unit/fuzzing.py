"""Hostile inputs for every calculator, the invariants every answer must keep, and a timing record.

Used by ``test_fuzz.py``. ``HYPOTHESIS_PROFILE=thorough`` (see ``conftest.py``)
runs :data:`EXAMPLES` = 10,000 examples per property test; the default
profile runs a few dozen, for CI. Every call goes through :func:`checked`,
which asserts the invariants and records the time of the call; the slowest
input per calculator is printed at the end of the run (and written to
``$FUZZ_REPORT`` as JSON when that is set).
"""

from __future__ import annotations

import json
import math
import os
import re
import time
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from cancelrate import CALCULATORS, calculate, calculate_json

THOROUGH = os.environ.get("HYPOTHESIS_PROFILE") == "thorough"
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", 10_000 if THOROUGH else 25))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)

MAX_RESULT_CHARS = 2_000_000
"""No answer is larger than this as JSON (windows, tables, charts and ids are all capped)."""

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
QUOTED = re.compile(r"「.*」|\".*\"", re.S)
"""Values quoted in a message (from the file or the input) may be in any language: from the first quote to the last."""

FILE_VALUES_SHOWN = {"services_counted"}
"""Outputs whose value lists values from the seller's file unquoted."""

# --- the timing record ------------------------------------------------------------------------

RECORD: dict[str, dict[str, Any]] = {}


def _describe(value: object, limit: int = 240) -> str:
    """A short, printable description of an input (huge values summarised by their length)."""

    def short(v: object, depth: int = 0) -> object:
        if depth > 4:
            return "<nested>"
        if isinstance(v, (bytes, bytearray, memoryview)):
            data = bytes(v)
            return f"<{len(data):,} bytes: {data[:80]!r}…>" if len(data) > 80 else data
        if isinstance(v, str) and len(v) > 80:
            return f"<{len(v):,} chars: {v[:40]!r}…>"
        if isinstance(v, dict):
            return {k: short(x, depth + 1) for k, x in v.items()}
        if isinstance(v, (list, tuple)):
            return [short(x, depth + 1) for x in v[:10]] + (["…"] if len(v) > 10 else [])
        return v

    text = repr(short(value))
    return text if len(text) <= limit else text[:limit] + "…"


_SLOWEST: dict[str, list[tuple]] = {}
KEEP = 8
"""The slowest calls kept per calculator, to be timed again at the end."""


def record(calculator: str, seconds: float, inputs: object, lang: object = "ja", as_json: bool = False) -> None:
    entry = RECORD.setdefault(calculator, {"examples": 0, "seconds": 0.0, "slowest": 0.0, "slowest_input": ""})
    entry["examples"] += 1
    entry["seconds"] += seconds
    kept = _SLOWEST.setdefault(calculator, [])
    if len(kept) < KEEP or seconds > kept[-1][0]:
        kept.append((seconds, inputs, lang, as_json))
        kept.sort(key=lambda item: -item[0])
        del kept[KEEP:]


def retime_slowest(repeat: int = 3) -> None:
    """Time the slowest calls of each calculator again (the best of ``repeat`` each) and keep the
    slowest of those: on a shared machine one slow call may have been a pause, not the input."""
    for calculator, kept in _SLOWEST.items():
        worst = (-1.0, None, 0.0)
        for first_time, inputs, lang, as_json in kept:
            best = math.inf
            for _ in range(repeat):
                started = time.perf_counter()
                if as_json:
                    calculate_json(calculator, inputs, lang)
                else:
                    calculate(calculator, inputs, lang)
                best = min(best, time.perf_counter() - started)
            if best > worst[0]:
                worst = (best, inputs, first_time)
        entry = RECORD[calculator]
        entry["slowest"], entry["slowest_input"], entry["first_time"] = worst[0], _describe(worst[1]), worst[2]
        entry["longest_single_call"] = kept[0][0] if kept else 0.0


def report_lines() -> list[str]:
    retime_slowest()
    lines = []
    for calculator, entry in sorted(RECORD.items()):
        lines.append(
            f"{calculator:15s} {entry['examples']:7,d} calls  {entry['seconds']:8.2f} s in calls  "
            f"slowest input {entry['slowest'] * 1000:8.1f} ms (best of 3; longest single call "
            f"{entry['longest_single_call'] * 1000:.1f} ms): {entry['slowest_input']}"
        )
    return lines


# --- invariants -------------------------------------------------------------------------------


def _finite(value: object, path: str = "") -> None:
    """Every number is one JavaScript reads as a finite number."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return
    if isinstance(value, float):
        assert math.isfinite(value), path
    elif isinstance(value, int):
        assert abs(value) < 1.7e308, path
    elif isinstance(value, dict):
        for k, v in value.items():
            assert isinstance(k, str), path
            _finite(v, f"{path}.{k}")
    elif isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            _finite(v, f"{path}[{i}]")
    else:
        raise AssertionError(f"{path}: not JSON data: {type(value).__name__}")


def check_answer(calculator: str, result: dict, lang: object) -> dict:
    """The invariants of every answer: no internal error, messages in the page's language, finite JSON, bounded size."""
    lang = lang if lang in ("ja", "en") else "ja"
    assert result["ok"] in (True, False)
    text = json.dumps(result, ensure_ascii=False, allow_nan=False)
    assert len(text) < MAX_RESULT_CHARS, len(text)
    _finite(result)
    if not result["ok"]:
        assert result["errors"], result
        for error in result["errors"]:
            assert error["code"] != "internal_error", result
            assert isinstance(error["field"], (str, type(None)))
            message = error["message"]
            assert isinstance(message, str) and message.strip(), error
            outside = QUOTED.sub("", message)
            if lang == "ja":
                assert JAPANESE.search(outside), message
            else:
                assert not JAPANESE.search(outside), message
        return result
    for name, value in result["outputs"].items():  # a rate or share is a fraction of 1 (or none)
        if name == "rate" or name.endswith("_rate"):
            assert value is None or 0 <= value <= 1, (name, value)
    tool = CALCULATORS[calculator]
    display = result["display"]
    for name in tool.OUTPUTS:
        shown = display[name]
        assert isinstance(shown["value"], str) and isinstance(shown["explanation"], str), name
        for part in (shown["value"], shown["explanation"]):
            assert "nan" not in part.lower().split() and "inf" not in part.lower().split(), part
            if lang == "en" and name not in FILE_VALUES_SHOWN:
                assert not JAPANESE.search(QUOTED.sub("", part)), part
    return result


def checked(calculator: str, inputs: object, lang: object = "ja", *, as_json: bool = False) -> dict:
    """``calculate`` (or ``calculate_json``) timed, recorded and checked; returns the answer."""
    started = time.perf_counter()
    answer = json.loads(calculate_json(calculator, inputs, lang)) if as_json else calculate(calculator, inputs, lang)
    record(calculator, time.perf_counter() - started, inputs, lang, as_json)
    return check_answer(calculator, answer, lang)


# --- hostile values ---------------------------------------------------------------------------

EDGE_STRINGS = [
    "99.999999999999995",
    "5e-324",
    "1e309",
    "-1e309",
    "1e-400",
    "NaN",
    "nan",
    "inf",
    "-inf",
    "Infinity",
    "-0",
    "0",
    "0.0",
    ".5",
    "5.",
    "１２",
    "１，２３４",
    "1,234",
    "1,23",
    "12,34,567",
    "1,234.5",
    "１２３．４５",
    "−3",
    "ー1",
    "٣",
    "²",
    "0x10",
    "1_000",
    "2.5%",
    " 7 ",
    "\t8\n",
    "0.0000000000000000000000000000000000001",
    "99.99999999999999999999999999999999999",
    "100.0000000000000000000000000000000001",
    "1" + "0" * 39,
    "9" * 41,
    "",
    "   ",
    "\x00",
    "\ud800",
    "1\u200b2",
    "<script>alert(1)</script>",
]
HUGE_STRINGS = ["9" * 1_000_000, "１" * 1_000_000, " " * 1_000_000, "a" * 100_000 + "1", "[" * 100_000]

floats = st.floats(allow_nan=True, allow_infinity=True, allow_subnormal=True)
numbers_as_text = st.one_of(
    floats.map(repr),
    floats.map(str),
    st.integers(-(10**40), 10**40).map(str),
    st.integers(0, 10**12).map(lambda n: f"{n:,}"),
    st.integers(0, 10**9).map(lambda n: str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))),
    st.decimals(allow_nan=False, allow_infinity=False).map(str),
)


def _nested(depth: int) -> object:
    value: object = 1
    for _ in range(depth):
        value = [value]
    return value


hostile_scalar = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**30), 10**30),
    st.integers(-(2**70), 2**70),
    floats,
    st.sampled_from([5e-324, 1e308, -1e308, 2.2250738585072014e-308, 99.999999999999995, 1e-400, 0.1 + 0.2]),
    numbers_as_text,
    st.sampled_from(EDGE_STRINGS),
    st.sampled_from(HUGE_STRINGS),
    st.text(max_size=40),
    st.text(st.characters(codec="utf-8"), max_size=20),
    st.text(st.characters(categories=["Cc", "Cf", "Zs", "Nd", "No"]), max_size=20),
    st.binary(max_size=50),
    st.lists(st.integers(), max_size=3),
    st.lists(st.text(max_size=5), max_size=60),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.integers(1, 3000).map(_nested),
)

POLICY_IDS = [
    "amazon_jp",
    "amazon_jp_premium_shipping",
    "amazon_jp_sfp",
    "amazon_us",
    "amazon_us_sfp",
    "yahoo_shopping",
    "ebay",
    "AMAZON_JP",
    " amazon_jp ",
    "rakuten",
]
LANGS = st.sampled_from(["ja", "en", "fr", None, "", 1, "EN"])
