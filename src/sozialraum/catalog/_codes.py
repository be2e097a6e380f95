"""Code lists: versioned lists of codes with German and English labels and their source."""

from __future__ import annotations

import types
from collections.abc import Iterable, Iterator, Mapping

import attrs

from .. import messages
from ..errors import Issue, UnknownCodeError, ValidationError
from ._suggest import suggest

messages.define("code_list.validity", "the last year of validity must not be before the first")
messages.define("code_list.duplicate_code", "a code must be unique")

__all__ = ["CodeEntry", "CodeList", "blank_name"]


def blank_name(name: object) -> list[Issue]:
    """The ``string.blank`` issue of a blank ``name`` (the rule of every record's names)."""
    if isinstance(name, str) and not name.strip():
        return [Issue.of("/name", "string.blank")]
    return []


@attrs.frozen(kw_only=True, slots=True)
class CodeEntry:
    """One code of a code list with its labels.

    :param planned: the help or case ended as planned (the numerator of the akjstat
        "beendet gemäß Hilfeplan" quota, domain 5.3).
    :param transfer: handed over to another Jugendamt (§ 86c); left out of the denominator of
        that quota.

    >>> from sozialraum.catalog import ENDING_REASONS
    >>> ENDING_REASONS.get("40").transfer
    True
    """

    code: str
    label_de: str
    label_en: str
    planned: bool = False
    transfer: bool = False


def _entries(value: Iterable[CodeEntry]) -> tuple[CodeEntry, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True, slots=True)
class CodeList:
    """A versioned list of codes with German and English labels, and its source.

    A code list is valid for the reporting years ``valid_from`` … ``valid_to`` (inclusive;
    ``valid_to=None``: no end known). ``verified`` says whether the entries were checked
    against the cited ``source``; an unverified list is sozialraum's best reading and should
    be replaced by your statistical office's list (see :func:`~sozialraum.catalog.load_catalog`).

    Iterating yields the entries in order; ``in`` tests a code.

    >>> from sozialraum.catalog import INITIATING_INSTITUTIONS
    >>> "3" in INITIATING_INSTITUTIONS, len(INITIATING_INSTITUTIONS)
    (True, 8)
    >>> INITIATING_INSTITUTIONS.get("3").label_de
    'Schule/Kindertageseinrichtung'
    >>> INITIATING_INSTITUTIONS.valid_from, INITIATING_INSTITUTIONS.verified
    (2007, True)
    >>> INITIATING_INSTITUTIONS.get("03")
    Traceback (most recent call last):
    ...
    sozialraum.errors.UnknownCodeError: unknown code in code list 'initiating_institutions'; did you mean '3'?
    """  # noqa: E501

    name: str
    version: str
    source: str
    title_de: str
    title_en: str
    entries: tuple[CodeEntry, ...] = attrs.field(converter=_entries)
    valid_from: int | None = None
    valid_to: int | None = None
    verified: bool = False
    _by_code: Mapping[str, CodeEntry] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        issues = blank_name(self.name)
        by_code: dict[str, CodeEntry] = {}
        for i, entry in enumerate(self.entries):
            if entry.code in by_code:
                issues.append(Issue.of(f"/entries/{i}/code", "code_list.duplicate_code"))
            by_code[entry.code] = entry
        if (
            self.valid_from is not None
            and self.valid_to is not None
            and self.valid_to < self.valid_from
        ):
            issues.append(Issue.of("/valid_to", "code_list.validity"))
        if issues:
            raise ValidationError(issues)
        object.__setattr__(self, "_by_code", types.MappingProxyType(by_code))

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code in self._by_code

    def __iter__(self) -> Iterator[CodeEntry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    @property
    def codes(self) -> tuple[str, ...]:
        """The codes in list order.

        >>> from sozialraum.catalog import DANGER_FORMS
        >>> DANGER_FORMS.codes
        ('neglect', 'psychological', 'physical', 'sexual')
        """
        return tuple(e.code for e in self.entries)

    def valid_in(self, year: int) -> bool:
        """Whether the list applies to the reporting ``year``.

        >>> from sozialraum.catalog import HELP_REASONS
        >>> HELP_REASONS.valid_in(2006), HELP_REASONS.valid_in(2024)
        (False, True)
        """
        if self.valid_from is not None and year < self.valid_from:
            return False
        return self.valid_to is None or year <= self.valid_to

    def get(self, code: str) -> CodeEntry:
        """The entry with this code.

        :raises UnknownCodeError: (a :class:`LookupError`) with a "did you mean" suggestion.
        """
        try:
            return self._by_code[code]
        except (KeyError, TypeError):
            raise UnknownCodeError(self.name, str(code), suggest(str(code), self.codes)) from None
