"""Help types at the granularity of the federal statistics, and named scopes of them."""

from __future__ import annotations

import re
import types
from collections.abc import Mapping

import attrs

from ..errors import UnknownCodeError
from ._enums import Setting
from ._suggest import suggest

__all__ = [
    "EINGLIEDERUNGSHILFE",
    "HELP_TYPES",
    "HZE",
    "HZE_HELP_TYPES",
    "HZE_LOCAL",
    "HZE_PLUS",
    "SCOPES",
    "HelpScope",
    "HelpType",
    "help_type",
    "scope",
]

_SECTION = re.compile(r"^§ (\d+)([a-z]?)\b")


@attrs.frozen(kw_only=True, slots=True)
class HelpType:
    """One kind of help of the SGB VIII catalogue, at the statistics' granularity.

    :param code: the stable code used in data, e.g. ``"30-betreuungshelfer"``.
    :param paragraph: the legal basis, e.g. ``"§ 30 SGB VIII"``.
    :param setting: ambulant, teilstationär, stationär or crisis placement.
    :param statistics_type: the *Art der Hilfe* of the federal statistics (Teil I) this code
        is reported as. Codes that only split a statistics type by setting (§ 35, § 35a)
        share it; the setting is then also visible in the place of delivery.
    :param out_of_home: *Fremdunterbringung*: help of the Teil I statistics (HzE or § 35a)
        in a residential setting (module docs).
    :param needs_specialist_statement: a § 35a help; needs the medical/psychotherapeutic
        statement of § 35a Abs. 1a.
    :param family_oriented: always counted per family in the statistics (§ 31).
    :param family_orientable: may be granted as family-oriented help under § 27 Abs. 2
        (§ 99 Abs. 1 Nr. 3: "andere familienorientierte Hilfen nach § 27").
    :param hze: a Hilfe zur Erziehung of §§ 27–35 (the Destatis total "HzE insgesamt",
        which includes helps for young adults under § 41 reported under these types).
    :param eingliederungshilfe: Eingliederungshilfe under § 35a (reported separately).
    :param young_adult_eligible: § 41 Abs. 2 makes this type available to young adults
        ("§ 27 Abs. 3 und 4 sowie die §§ 28 bis 30, 33 bis 36"; not § 31 or § 32).

    >>> from sozialraum.catalog import help_type
    >>> spfh = help_type("31")
    >>> spfh.label_de, spfh.family_oriented, spfh.section
    ('Sozialpädagogische Familienhilfe', True, '31')
    >>> help_type("32").young_adult_eligible, help_type("34").young_adult_eligible
    (False, True)
    """

    code: str
    paragraph: str
    setting: Setting
    label_de: str
    label_en: str
    statistics_type: str
    out_of_home: bool
    needs_specialist_statement: bool
    family_oriented: bool
    family_orientable: bool
    hze: bool
    eingliederungshilfe: bool
    young_adult_eligible: bool

    @property
    def section(self) -> str:
        """The paragraph number without § and Absatz, e.g. ``"35a"`` (handy for grouping).

        >>> from sozialraum.catalog import help_type
        >>> help_type("13-3").section
        '13'
        """
        match = _SECTION.match(self.paragraph)
        return match.group(1) + match.group(2) if match else self.paragraph


_A, _T, _S, _C = Setting.AMBULANT, Setting.SEMI_RESIDENTIAL, Setting.RESIDENTIAL, Setting.CRISIS
# § 41 Abs. 2 SGB VIII: "§ 27 Absatz 3 und 4 sowie die §§ 28 bis 30, 33 bis 36"
_YOUNG_ADULT_SECTIONS = frozenset({"27", "28", "29", "30", "33", "34", "35", "35a"})


def _ht(
    code: str,
    paragraph: str,
    setting: Setting,
    label_de: str,
    label_en: str,
    *,
    statistics_type: str | None = None,
    kind: str = "hze",
    family: bool = False,
) -> HelpType:
    section = _SECTION.match(paragraph)
    sec = section.group(1) + section.group(2) if section else ""
    teil_1 = kind in ("hze", "egh")
    return HelpType(
        code=code,
        paragraph=paragraph,
        setting=setting,
        label_de=label_de,
        label_en=label_en,
        statistics_type=statistics_type or code,
        out_of_home=teil_1 and setting is Setting.RESIDENTIAL,
        needs_specialist_statement=kind == "egh",
        family_oriented=family,
        family_orientable=sec == "27",
        hze=kind == "hze",
        eingliederungshilfe=kind == "egh",
        young_adult_eligible=teil_1 and sec in _YOUNG_ADULT_SECTIONS,
    )


_EGH_DE = "Eingliederungshilfe bei (drohender) seelischer Behinderung"
_EGH_EN = "integration assistance for a (threatened) mental disability"
_EB_DE = "Erziehungsberatung"
_HZE27_DE = "Hilfe zur Erziehung nach § 27"
_HZE27_EN = "help for upbringing under § 27"
_ISE_DE = "Intensive sozialpädagogische Einzelbetreuung"
_ISE_EN = "intensive individual socio-educational support"

_HELP_TYPE_LIST: tuple[HelpType, ...] = (
    _ht(
        "13-3",
        "§ 13 Abs. 3 SGB VIII",
        _S,
        "Sozialpädagogisch begleitete Wohnform",
        "socio-educationally supported housing during school or vocational training",
        kind="other",
    ),
    _ht(
        "16",
        "§ 16 SGB VIII",
        _A,
        "Allgemeine Förderung der Erziehung in der Familie",
        "general promotion of upbringing in the family",
        kind="other",
    ),
    _ht(
        "19",
        "§ 19 SGB VIII",
        _S,
        "Gemeinsame Wohnform für Mütter/Väter und Kinder",
        "joint housing for mothers or fathers and children",
        kind="other",
    ),
    _ht(
        "20",
        "§ 20 SGB VIII",
        _A,
        "Betreuung und Versorgung des Kindes in Notsituationen",
        "care for the child in emergencies",
        kind="other",
    ),
    _ht(
        "27-ambulant",
        "§ 27 SGB VIII",
        _A,
        f"{_HZE27_DE}, überwiegend ambulant",
        f"{_HZE27_EN}, mainly non-residential",
    ),
    _ht(
        "27-out-of-home",
        "§ 27 SGB VIII",
        _S,
        f"{_HZE27_DE}, überwiegend außerhalb des Elternhauses",
        f"{_HZE27_EN}, mainly outside the parental home",
    ),
    _ht(
        "27-other",
        "§ 27 SGB VIII",
        _A,
        f"{_HZE27_DE}, sonstige",
        f"{_HZE27_EN}, other",
    ),
    _ht(
        "28-family",
        "§ 28 SGB VIII",
        _A,
        f"{_EB_DE}, vorrangig mit der Familie (Eltern und Kind)",
        "child guidance and family counselling, mainly with the family (parents and child)",
    ),
    _ht(
        "28-parents",
        "§ 28 SGB VIII",
        _A,
        f"{_EB_DE}, vorrangig mit den Eltern (zusammen oder einzeln)",
        "child guidance and family counselling, mainly with the parents",
    ),
    _ht(
        "28-young-person",
        "§ 28 SGB VIII",
        _A,
        f"{_EB_DE}, vorrangig mit dem jungen Menschen",
        "child guidance and family counselling, mainly with the young person",
    ),
    _ht("29", "§ 29 SGB VIII", _A, "Soziale Gruppenarbeit", "social group work"),
    _ht(
        "30-erziehungsbeistand",
        "§ 30 SGB VIII",
        _A,
        "Erziehungsbeistand",
        "educational assistant",
    ),
    _ht(
        "30-betreuungshelfer",
        "§ 30 SGB VIII",
        _A,
        "Betreuungshelfer",
        "care helper",
    ),
    _ht(
        "31",
        "§ 31 SGB VIII",
        _A,
        "Sozialpädagogische Familienhilfe",
        "socio-educational family support",
        family=True,
    ),
    _ht("32", "§ 32 SGB VIII", _T, "Erziehung in einer Tagesgruppe", "day group care"),
    _ht(
        "33-general",
        "§ 33 Satz 1 SGB VIII",
        _S,
        "Vollzeitpflege, allgemeine Form",
        "full-time foster care, general form",
    ),
    _ht(
        "33-special",
        "§ 33 Satz 2 SGB VIII",
        _S,
        "Vollzeitpflege, besondere Form für besonders entwicklungsbeeinträchtigte junge Menschen",
        "full-time foster care, special form for young people with special developmental needs",
    ),
    _ht(
        "34",
        "§ 34 SGB VIII",
        _S,
        "Heimerziehung, sonstige betreute Wohnform",
        "residential care, other supervised housing",
    ),
    _ht(
        "35-ambulant",
        "§ 35 SGB VIII",
        _A,
        f"{_ISE_DE}, ambulant",
        f"{_ISE_EN}, non-residential",
        statistics_type="35",
    ),
    _ht(
        "35",
        "§ 35 SGB VIII",
        _S,
        f"{_ISE_DE} außerhalb der eigenen Familie",
        f"{_ISE_EN} outside the own family",
    ),
    _ht(
        "35a-ambulant",
        "§ 35a Abs. 2 Nr. 1 SGB VIII",
        _A,
        f"{_EGH_DE}, in ambulanter Form",
        f"{_EGH_EN}, non-residential",
        statistics_type="35a",
        kind="egh",
    ),
    _ht(
        "35a-day",
        "§ 35a Abs. 2 Nr. 2 SGB VIII",
        _T,
        f"{_EGH_DE}, in Tageseinrichtungen oder anderen teilstationären Einrichtungen",
        f"{_EGH_EN}, in day-care or other semi-residential facilities",
        statistics_type="35a",
        kind="egh",
    ),
    _ht(
        "35a-foster",
        "§ 35a Abs. 2 Nr. 3 SGB VIII",
        _S,
        f"{_EGH_DE}, durch geeignete Pflegepersonen",
        f"{_EGH_EN}, by suitable foster carers",
        statistics_type="35a",
        kind="egh",
    ),
    _ht(
        "35a-residential",
        "§ 35a Abs. 2 Nr. 4 SGB VIII",
        _S,
        f"{_EGH_DE}, in Einrichtungen über Tag und Nacht oder sonstigen Wohnformen",
        f"{_EGH_EN}, in 24-hour facilities or other forms of housing",
        statistics_type="35a",
        kind="egh",
    ),
    _ht(
        "41a",
        "§ 41a SGB VIII",
        _A,
        "Nachbetreuung junger Volljähriger",
        "aftercare for young adults",
        kind="other",
    ),
    _ht(
        "42",
        "§ 42 SGB VIII",
        _C,
        "Inobhutnahme von Kindern und Jugendlichen",
        "taking children and adolescents into protective care",
        kind="other",
    ),
    _ht(
        "42a",
        "§ 42a SGB VIII",
        _C,
        "Vorläufige Inobhutnahme von ausländischen Kindern und Jugendlichen "
        "nach unbegleiteter Einreise",
        "provisional protective care of unaccompanied foreign minors",
        kind="other",
    ),
)

#: All help types by code, in the order of their paragraphs (read-only).
HELP_TYPES: Mapping[str, HelpType] = types.MappingProxyType({h.code: h for h in _HELP_TYPE_LIST})


def help_type(code: str) -> HelpType:
    """The help type with this code.

    :raises UnknownCodeError: (a :class:`LookupError`) with a "did you mean" suggestion.

    >>> from sozialraum.catalog import help_type
    >>> help_type("33-special").statistics_type
    '33-special'
    >>> help_type("35a ambulant")
    Traceback (most recent call last):
    ...
    sozialraum.errors.UnknownCodeError: unknown code in code list 'help_types'; did you mean '35a-ambulant'?
    """  # noqa: E501
    try:
        return HELP_TYPES[code]
    except (KeyError, TypeError):
        raise UnknownCodeError("help_types", str(code), suggest(str(code), HELP_TYPES)) from None


# --------------------------------------------------------------------------- scopes


@attrs.frozen(kw_only=True, slots=True)
class HelpScope:
    """A named set of help types that a published figure counts.

    :param name: the stable name (``"hze"`` …), as metrics take it.
    :param codes: the help-type codes in the scope.
    :param source: where the definition comes from.

    >>> from sozialraum.catalog import scope
    >>> "35a-ambulant" in scope("hze"), "35a-ambulant" in scope("hze_plus")
    (False, True)
    """

    name: str
    title_en: str
    codes: frozenset[str]
    source: str

    def __contains__(self, code: object) -> bool:
        return code in self.codes


def _codes_where(*, hze: bool, egh: bool, without: frozenset[str] = frozenset()) -> frozenset[str]:
    return frozenset(
        c
        for c, t in HELP_TYPES.items()
        if ((hze and t.hze) or (egh and t.eingliederungshilfe)) and t.section not in without
    )


HZE = HelpScope(
    name="hze",
    title_en="Hilfen zur Erziehung insgesamt (§§ 27–35 incl. § 41 young adults)",
    codes=_codes_where(hze=True, egh=False),
    source=(
        "Destatis 'Hilfen zur Erziehung insgesamt' = §§ 27–35 plus § 41 (1,032,929 helps in "
        "2023, about 616 per 10,000 under 21); table 'Hilfen zur Erziehung, junge Volljährige' "
        "as of 19.11.2024; HzE-Monitor ch. 1 and table 4.1 (domain 5.5)"
    ),
)
"""The Destatis total "Hilfen zur Erziehung insgesamt": §§ 27–35 plus § 41, without § 35a.

Helps for young adults (§ 41) are reported under their own type and so are in this scope by
their type. Source: Destatis table "Hilfen zur Erziehung, junge Volljährige" (as of
19.11.2024), akjstat HzE-Monitor ch. 1 and table 4.1 (domain 5.5). The default scope of the
help metrics.
"""

HZE_LOCAL = HelpScope(
    name="hze_local",
    title_en="HzE for comparisons between youth offices (without § 28)",
    codes=_codes_where(hze=True, egh=False, without=frozenset({"28"})),
    source=(
        "akjstat comparisons between youth offices leave out Erziehungsberatung (§ 28) "
        "(HzE-Monitor; domain 5.5)"
    ),
)
"""§§ 27–35 plus § 41 *without* Erziehungsberatung (§ 28): akjstat's local comparison.

Source: akjstat HzE-Monitor, comparisons between youth offices (domain 5.5).
"""

EINGLIEDERUNGSHILFE = HelpScope(
    name="eingliederungshilfe",
    title_en="Eingliederungshilfe for young people with a (threatened) mental disability",
    codes=_codes_where(hze=False, egh=True),
    source=(
        "Destatis reports § 35a separately from HzE (about 90.2 per 10,000 under 21 in 2023); "
        "akjstat § 35a profile (domain 5.5)"
    ),
)
"""§ 35a Eingliederungshilfe, incl. young adults (§ 41): reported separately by Destatis.

Source: Destatis table "Hilfen zur Erziehung, junge Volljährige" (as of 19.11.2024), about
90.2 per 10,000 under 21 in 2023; akjstat § 35a profile (domain 5.5).
"""

HZE_PLUS = HelpScope(
    name="hze_plus",
    title_en="HzE plus § 35a Eingliederungshilfe",
    codes=_codes_where(hze=True, egh=True),
    source=(
        "HzE (§§ 27–35, § 41) plus § 35a, as in the Kennzahlenvergleich 'HzE+' of the larger "
        "cities (KeZa 50.a) and the HzE-Monitor's totals with Eingliederungshilfe (domain 6.1)"
    ),
)
"""§§ 27–35, § 35a and § 41: the "HzE+" of the cities' Kennzahlenvergleich (KeZa 50.a).

Source: Kennzahlenvergleich KeZa 50.a/53.a (domain 6.1); akjstat totals with § 35a.
"""

#: The help scopes by name (read-only); metrics take one of these names.
SCOPES: Mapping[str, HelpScope] = types.MappingProxyType(
    {s.name: s for s in (HZE, HZE_LOCAL, EINGLIEDERUNGSHILFE, HZE_PLUS)}
)

#: The help types of the default scope :data:`HZE` (§§ 27–35 and § 41 young adults; no § 35a).
HZE_HELP_TYPES: frozenset[str] = HZE.codes


def scope(name: str) -> HelpScope:
    """The help scope called ``name``.

    :raises UnknownCodeError: (a :class:`LookupError`) with a "did you mean" suggestion.

    >>> from sozialraum.catalog import scope
    >>> sorted(scope("eingliederungshilfe").codes)
    ['35a-ambulant', '35a-day', '35a-foster', '35a-residential']
    """
    try:
        return SCOPES[name]
    except (KeyError, TypeError):
        raise UnknownCodeError("help_scopes", str(name), suggest(str(name), SCOPES)) from None
