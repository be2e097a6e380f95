"""Catalogue versions: the code lists of one set of reporting years, as data.

A :class:`CatalogVersion` holds code lists; :data:`CATALOG` is the one sozialraum ships.
Your statistical office publishes the current questionnaire and record layout per reporting
year; write its lists in a JSON or TOML file and read it with :func:`load_catalog`. The
file goes through the schema door like every other record, so a bad file gives issues with
JSON pointers, never a crash.
"""

from __future__ import annotations

import tomllib
import types
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs

from .. import messages
from ..errors import Issue, UnknownCodeError, ValidationError
from ._codes import CodeList, blank_name
from ._lists import STANDARD_LISTS
from ._suggest import suggest

__all__ = ["CATALOG", "CODE_LISTS", "CatalogVersion", "code_list", "load_catalog"]

_DUPLICATE = messages.define("catalog.duplicate_list", "a code list name must be unique")
_VALIDITY = messages.define(
    "catalog.validity", "the last year of validity must not be before the first"
)
_NOT_CODE = messages.define("catalog.unknown_code", "not a code of the list {code_list}")
_FORMAT = messages.define("catalog.file_format", "a catalogue file is JSON (.json) or TOML (.toml)")
_TOML = messages.define("catalog.toml_invalid", "the file is not valid TOML")
_UNREADABLE = messages.define("catalog.unreadable", "the catalogue file cannot be read")


def _lists(value: Iterable[CodeList]) -> tuple[CodeList, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True, slots=True)
class CatalogVersion:
    """A set of code lists for the reporting years ``valid_from`` … ``valid_to``.

    :param name: e.g. ``"sozialraum-2"`` or ``"destatis-2024"``.
    :param source: where the lists come from (questionnaire, record layout, year).
    :param code_lists: the lists; names unique.

    >>> from sozialraum.catalog import CATALOG
    >>> CATALOG.code_list("places_of_delivery").get("09").label_en
    'in a single-group 24-hour facility (including satellite groups)'
    >>> sorted(cl.name for cl in CATALOG.code_lists if not cl.verified)[:2]
    ['custody_endings', 'custody_initiators']
    """

    name: str
    source: str
    valid_from: int | None = None
    valid_to: int | None = None
    code_lists: tuple[CodeList, ...] = attrs.field(default=(), converter=_lists)
    _by_name: Mapping[str, CodeList] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        issues = blank_name(self.name)
        by_name: dict[str, CodeList] = {}
        for i, cl in enumerate(self.code_lists):
            if cl.name in by_name:
                issues.append(Issue.of(f"/code_lists/{i}/name", _DUPLICATE))
            by_name[cl.name] = cl
        if (
            self.valid_from is not None
            and self.valid_to is not None
            and self.valid_to < self.valid_from
        ):
            issues.append(Issue.of("/valid_to", _VALIDITY))
        if issues:
            raise ValidationError(issues)
        object.__setattr__(self, "_by_name", types.MappingProxyType(by_name))

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name in self._by_name

    def __iter__(self) -> Iterator[CodeList]:
        return iter(self.code_lists)

    def code_list(self, name: str) -> CodeList:
        """The code list called ``name``.

        :raises UnknownCodeError: (a :class:`LookupError`) with a "did you mean" suggestion.
        """
        try:
            return self._by_name[name]
        except (KeyError, TypeError):
            raise UnknownCodeError(
                "code_lists", str(name), suggest(str(name), self._by_name)
            ) from None

    def replacing(self, other: CatalogVersion) -> CatalogVersion:
        """This version with every list of ``other`` put in place of the list of that name
        (lists only ``other`` has are added); name, source and years are ``other``'s.

        >>> from sozialraum.catalog import CATALOG, CatalogVersion
        >>> mine = CatalogVersion(name="office", source="own", code_lists=())
        >>> len(CATALOG.replacing(mine).code_lists) == len(CATALOG.code_lists)
        True
        """
        replaced = [other._by_name.get(cl.name, cl) for cl in self.code_lists]
        added = [cl for cl in other.code_lists if cl.name not in self._by_name]
        return CatalogVersion(
            name=other.name,
            source=other.source,
            valid_from=other.valid_from,
            valid_to=other.valid_to,
            code_lists=(*replaced, *added),
        )

    def check(self, record: Any) -> tuple[Issue, ...]:
        """Codes in ``record`` (an entity of :mod:`sozialraum.model`) that this version's
        lists do not contain, as ``catalog.unknown_code`` issues with JSON pointers.

        Fields declare their code list; lists this version does not have are not checked.

        >>> from datetime import date
        >>> from sozialraum.catalog import CATALOG
        >>> from sozialraum.model import RiskAssessment
        >>> CATALOG.check(RiskAssessment(id="R1", concluded_on=date(2024, 3, 1), result="latent"))
        ()
        """
        issues: list[Issue] = []
        self._check(record, "", issues)
        return tuple(issues)

    def _check(self, value: Any, path: str, issues: list[Issue]) -> None:
        if isinstance(value, tuple):
            for i, item in enumerate(value):
                self._check(item, f"{path}/{i}", issues)
            return
        if not attrs.has(type(value)) or isinstance(value, CodeList | CatalogVersion):
            return
        for field in attrs.fields(type(value)):
            sub = f"{path}/{field.name}"
            item = getattr(value, field.name)
            name = field.metadata.get("code_list")
            if name is None:
                self._check(item, sub, issues)
                continue
            if name not in self._by_name:
                continue
            wanted = self._by_name[name]
            codes = item if isinstance(item, tuple) else (item,)
            for i, code in enumerate(codes):
                if code is not None and code not in wanted:
                    at = f"{sub}/{i}" if isinstance(item, tuple) else sub
                    issues.append(Issue.of(at, _NOT_CODE, code_list=name))


#: The catalogue sozialraum ships (see the package documentation for each list's source).
CATALOG = CatalogVersion(
    name="sozialraum-2",
    source=(
        "federal statistic 2007 code lists as implemented in EBKuS 4.0.2 [S83]; § 8a "
        "categories of the statistics offices [S87]-[S89]; § 42 SGB VIII [S1]; sozialraum's "
        "own lists where marked unverified"
    ),
    valid_from=2007,
    code_lists=STANDARD_LISTS,
)

#: Every code list of :data:`CATALOG` by its name (read-only).
CODE_LISTS: Mapping[str, CodeList] = types.MappingProxyType(
    {cl.name: cl for cl in CATALOG.code_lists}
)


def code_list(name: str) -> CodeList:
    """The code list with this name (of :data:`CATALOG`).

    :raises UnknownCodeError: (a :class:`LookupError`) with a "did you mean" suggestion.

    >>> from sozialraum.catalog import code_list
    >>> code_list("ending_reasons").version
    'ebkus-2007'
    >>> code_list("ending_reason")
    Traceback (most recent call last):
    ...
    sozialraum.errors.UnknownCodeError: unknown code in code list 'code_lists'; did you mean 'ending_reasons'?
    """  # noqa: E501
    try:
        return CODE_LISTS[name]
    except (KeyError, TypeError):
        raise UnknownCodeError("code_lists", str(name), suggest(str(name), CODE_LISTS)) from None


def _read(path: Path) -> Any:
    suffix = path.suffix.casefold()
    if suffix not in (".json", ".toml"):
        raise ValidationError([Issue.of("", _FORMAT)])
    try:
        raw = path.read_bytes()
    except OSError:
        raise ValidationError([Issue.of("", _UNREADABLE)]) from None
    if suffix == ".json":
        from .. import _json

        return _json.loads(raw, what="the catalogue file")
    try:
        return tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        raise ValidationError([Issue.of("", _TOML)]) from None


def load_catalog(
    source: str | Path | Mapping[str, Any], *, base: CatalogVersion | None = CATALOG
) -> CatalogVersion:
    """Read a catalogue version from a JSON or TOML file, or from a mapping.

    The document has the fields of :class:`CatalogVersion`: ``name``, ``source``, optional
    ``valid_from``/``valid_to`` and ``code_lists``, each with ``name``, ``version``,
    ``source``, ``title_de``, ``title_en``, ``entries`` (``code``, ``label_de``,
    ``label_en``), and optional ``valid_from``, ``valid_to``, ``verified``. Lists the file
    does not name are taken from ``base`` (the shipped :data:`CATALOG`; ``None`` keeps only
    the file's lists).

    :raises ValidationError: every problem of the document, located by JSON pointers.

    >>> from sozialraum.catalog import load_catalog
    >>> office = load_catalog({"name": "office-2024", "source": "Landesamt, Erhebungsbogen 2024",
    ...     "valid_from": 2024, "code_lists": [{"name": "danger_sources", "version": "2024",
    ...     "source": "Erhebungsbogen 2024", "title_de": "Person", "title_en": "person",
    ...     "verified": True, "entries": [{"code": "1", "label_de": "Mutter",
    ...     "label_en": "mother"}]}]})
    >>> office.code_list("danger_sources").codes, office.code_list("help_reasons").version
    (('1',), 'ebkus-2007')
    >>> load_catalog({"name": "x", "source": "y", "code_lists": [{"name": "z"}]})
    Traceback (most recent call last):
    ...
    sozialraum.errors.ValidationError: 5 issues:
      /code_lists/0/version: this key is required [key.missing]
      /code_lists/0/source: this key is required [key.missing]
      /code_lists/0/title_de: this key is required [key.missing]
      /code_lists/0/title_en: this key is required [key.missing]
      /code_lists/0/entries: this key is required [key.missing]
    """
    from .. import schema  # the generic door; imported late, it builds on the model

    data = source if isinstance(source, Mapping) else _read(Path(source))
    loaded = schema.structure(data, CatalogVersion)
    return loaded if base is None else base.replacing(loaded)
