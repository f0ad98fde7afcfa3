"""`mockscaling proxy`: a validating proxy that forwards every request to an upstream and checks each exchange."""

from .app import ValidatingProxy
from .checks import Contract, Exchange, mask_key

__all__ = ["Contract", "Exchange", "ValidatingProxy", "mask_key"]
