"""sozialraum: the reusable core for social-space-oriented youth welfare (SGB VIII)."""

from ._version import __version__
from .errors import Issue, SozialraumError, ValidationError
from .money import Money
from .periods import Dated, Period

__all__ = ["Dated", "Issue", "Money", "Period", "SozialraumError", "ValidationError", "__version__"]
