"""Cancel-rate calculators for online sellers (standard library only).

Use :func:`calculate`; see :mod:`cancelrate.api`.
"""

from .api import CALCULATORS, calculate, calculate_json, describe
from .policies import all_policies, get_policy

__version__ = "0.1.0"
__all__ = ["CALCULATORS", "all_policies", "calculate", "calculate_json", "describe", "get_policy"]
