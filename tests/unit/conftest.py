"""Hypothesis settings for the unit tests (CPython and Pyodide alike).

No per-example deadline and no "too slow" health check: the suite runs on a
shared 2-core machine and inside WebAssembly, where timing says nothing about
correctness. Speed is measured in bench/.
"""

from hypothesis import HealthCheck, settings

settings.register_profile("handbook", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("handbook")
