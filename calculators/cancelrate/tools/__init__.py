"""The calculators, one module each: ``FIELDS``, ``OUTPUTS`` and ``run``."""
