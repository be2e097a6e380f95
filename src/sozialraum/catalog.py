"""The SGB VIII catalogue: help types, settings, kinds of work and statistics code lists.

Everything here is read-only reference data. Codes are the stable strings that appear in data
files; labels are for people and come in German (the legal vocabulary) and English.

>>> from sozialraum.catalog import help_type, ENDING_REASONS, Setting
>>> h = help_type("35a-foster")
>>> h.paragraph, h.setting, h.out_of_home
('§ 35a Abs. 2 Nr. 3 SGB VIII', <Setting.RESIDENTIAL: 'residential'>, True)
>>> Setting.SEMI_RESIDENTIAL.label_de
'teilstationär'
>>> ENDING_REASONS.get("10").planned
True

**Help types** (:data:`HELP_TYPES`) follow the statute text of SGB VIII as consolidated in
2021 ([S1] in the domain brief). A paragraph that can be provided in several settings has one
code per setting (``"35a-ambulant"``, ``"35a-day"``, ``"35a-foster"``, ``"35a-residential"``
for the four forms of § 35a Abs. 2). The setting follows the § 78a(1) list of
(teil)stationary services and the Würzburg course material ([S1], [S62]).

The rule for :attr:`HelpType.out_of_home` (*Fremdunterbringung*)::

    out_of_home  <=>  hze and setting is Setting.RESIDENTIAL

i.e. a help of the Hilfe-zur-Erziehung statistics (§§ 27–35, § 35a, § 41) in which the young
person lives day and night outside the parental household. This is the akjstat definition
(Vollzeitpflege § 33, Heimerziehung/sonstige betreute Wohnform § 34 and the sonstige
stationäre "27,2er-Hilfen", each including young adults [S63]) extended, by the same
criterion, to the other residential help of the statistics: ISE outside the family (§ 35) and
§ 35a by a Pflegeperson or in an Einrichtung über Tag und Nacht. The extension is INFERRED;
to reproduce akjstat's narrower figure, filter on the codes ``33``, ``34``,
``27-2-residential`` and ``41-residential``. Residential services outside the HzE statistics
are *not* out of home in this sense: § 13 Abs. 3 (housing during training), § 19 (the child
lives with its parent) and the crisis placements § 42/§ 42a (a separate statistic of
vorläufige Schutzmaßnahmen).

**Code lists** (:data:`CODE_LISTS`). ``help_reasons``, ``ending_reasons``,
``initiating_institutions`` and ``provider_kinds`` are the codes of the **2007 federal
statistic as implemented in the open-source software EBKuS 4.0.2** ([S83]). The current
Destatis form (after the 2021/2023 reforms) may use other codes or categories: **verify them
against the current Destatis Erhebungsbogen before reporting to the statistics office.**
``risk_assessment_results`` and ``danger_forms`` are the categories of the § 8a statistic as
published by the statistics offices ([S87]-[S89]); their string codes are sozialraum's own.
``case_closing_reasons`` is not a statistics list: it says why a whole case file was closed.
"""

from __future__ import annotations

import difflib
import enum
import re
import types
from collections.abc import Iterable, Iterator, Mapping

import attrs

from . import messages
from .errors import UnknownCodeError, ValidationError

__all__ = [
    "CASE_CLOSING_REASONS",
    "CODE_LISTS",
    "DANGER_FORMS",
    "ENDING_REASONS",
    "HELP_REASONS",
    "HELP_TYPES",
    "INITIATING_INSTITUTIONS",
    "PROVIDER_KINDS",
    "RISK_ASSESSMENT_RESULTS",
    "CodeEntry",
    "CodeList",
    "Gender",
    "HelpType",
    "Setting",
    "WorkType",
    "code_list",
    "help_type",
]

messages.define("code_list.duplicate_code", "a code must be unique")


# --------------------------------------------------------------------------- suggestions


_SETTING_WORDS = (
    ("teilstationär", "semi-residential"),
    ("teilstationaer", "semi-residential"),
    ("stationär", "residential"),
    ("stationaer", "residential"),
)


def _normalise(code: str) -> str:
    """A lenient spelling of a code: no §, case-folded, spaces and underscores as hyphens,
    German setting words in English, numbers without leading zeros."""
    text = re.sub(r"[\s_]+", "-", code.replace("§", "").strip().casefold())
    for german, english in _SETTING_WORDS:
        text = text.replace(german, english)
    return str(int(text)) if text.isdecimal() and text.isascii() else text


def _suggest(code: str, candidates: Iterable[str]) -> str | None:
    """The candidate the user most probably meant by ``code``, or ``None``.

    >>> _suggest("§ 35A Ambulant", ["35a-ambulant", "35"])
    '35a-ambulant'
    >>> _suggest("34", ["33", "34x"]) in {"33", "34x"}
    True
    >>> _suggest("41 stationär", ["41-residential", "41-semi-residential"])
    '41-residential'
    >>> _suggest("010", ["10", "20"])
    '10'
    >>> _suggest("zzz", ["10", "20"]) is None
    True
    """
    options = list(candidates)
    wanted = _normalise(code)
    for option in options:
        if _normalise(option) == wanted:
            return option
    close = difflib.get_close_matches(wanted, options, n=1, cutoff=0.6)
    return close[0] if close else None


# --------------------------------------------------------------------------- enums


class _Labelled(enum.StrEnum):
    """A string enum whose members carry a German and an English label."""

    @property
    def label_de(self) -> str:
        """The German label."""
        return _LABELS[type(self)][self][0]

    @property
    def label_en(self) -> str:
        """The English label."""
        return _LABELS[type(self)][self][1]


class Setting(_Labelled):
    """Where a help takes place: ambulant, teilstationär, stationär, or a crisis placement.

    The values are the stable codes used in data.

    >>> from sozialraum.catalog import Setting
    >>> Setting("residential").label_de
    'stationär'
    >>> Setting.CRISIS.label_en
    'crisis placement'
    """

    AMBULANT = "ambulant"
    SEMI_RESIDENTIAL = "semi_residential"
    RESIDENTIAL = "residential"
    CRISIS = "crisis"


class WorkType(_Labelled):
    """The three kinds of work of the Fachkonzept Sozialraumorientierung (domain 1.3).

    Only case-specific work belongs to a case; the other two are work *in the social space*.

    >>> from sozialraum.catalog import WorkType
    >>> WorkType.CASE_OVERARCHING.label_de
    'fallübergreifend'
    >>> str(WorkType.CASE_INDEPENDENT)
    'case_independent'
    """

    CASE_SPECIFIC = "case_specific"
    CASE_OVERARCHING = "case_overarching"
    CASE_INDEPENDENT = "case_independent"


class Gender(_Labelled):
    """The sex/gender categories of the youth welfare statistics.

    >>> from sozialraum.catalog import Gender
    >>> [g.label_de for g in Gender]
    ['weiblich', 'männlich', 'divers', 'ohne Angabe']
    """

    FEMALE = "female"
    MALE = "male"
    DIVERSE = "diverse"
    NOT_STATED = "not_stated"


# Per enum class: members of different enums may share a value, and StrEnum members hash
# like their values.
_LABELS: dict[type[_Labelled], dict[_Labelled, tuple[str, str]]] = {
    Setting: {
        Setting.AMBULANT: ("ambulant", "non-residential"),
        Setting.SEMI_RESIDENTIAL: ("teilstationär", "semi-residential"),
        Setting.RESIDENTIAL: ("stationär", "residential"),
        Setting.CRISIS: ("Inobhutnahme", "crisis placement"),
    },
    WorkType: {
        WorkType.CASE_SPECIFIC: ("fallspezifisch", "case-specific"),
        WorkType.CASE_OVERARCHING: ("fallübergreifend", "case-overarching"),
        WorkType.CASE_INDEPENDENT: ("fallunspezifisch", "case-independent"),
    },
    Gender: {
        Gender.FEMALE: ("weiblich", "female"),
        Gender.MALE: ("männlich", "male"),
        Gender.DIVERSE: ("divers", "diverse"),
        Gender.NOT_STATED: ("ohne Angabe", "not stated"),
    },
}


# --------------------------------------------------------------------------- help types

_SECTION = re.compile(r"^§ (\d+)([a-z]?)\b")


@attrs.frozen(kw_only=True, slots=True)
class HelpType:
    """One kind of help of the SGB VIII catalogue, in one setting.

    :param code: the stable code used in data, e.g. ``"35a-day"``.
    :param paragraph: the legal basis, e.g. ``"§ 35a Abs. 2 Nr. 2 SGB VIII"``.
    :param setting: ambulant, teilstationär, stationär or crisis placement.
    :param out_of_home: *Fremdunterbringung*; ``hze and setting is RESIDENTIAL`` (module docs).
    :param young_adult: a § 41 help; the person must be 18 and not yet 21 when it starts.
    :param needs_specialist_statement: a § 35a help; needs the medical/psychotherapeutic
        statement of § 35a Abs. 1a.
    :param family_oriented: counted per family in the statistics (§ 31).
    :param hze: part of the statistics of Hilfe zur Erziehung, § 35a and § 41 (Teil I).

    >>> from sozialraum.catalog import help_type
    >>> spfh = help_type("31")
    >>> spfh.label_de, spfh.family_oriented, spfh.section
    ('Sozialpädagogische Familienhilfe', True, '31')
    """

    code: str
    paragraph: str
    setting: Setting
    label_de: str
    label_en: str
    out_of_home: bool
    young_adult: bool
    needs_specialist_statement: bool
    family_oriented: bool
    hze: bool

    @property
    def section(self) -> str:
        """The paragraph number without § and Absatz, e.g. ``"35a"`` (handy for grouping).

        >>> from sozialraum.catalog import help_type
        >>> help_type("13-3").section
        '13'
        """
        match = _SECTION.match(self.paragraph)
        return match.group(1) + match.group(2) if match else self.paragraph


def _ht(
    code: str,
    paragraph: str,
    setting: Setting,
    label_de: str,
    label_en: str,
    *,
    hze: bool = True,
    young_adult: bool = False,
    specialist: bool = False,
    family: bool = False,
) -> HelpType:
    return HelpType(
        code=code,
        paragraph=paragraph,
        setting=setting,
        label_de=label_de,
        label_en=label_en,
        out_of_home=hze and setting is Setting.RESIDENTIAL,
        young_adult=young_adult,
        needs_specialist_statement=specialist,
        family_oriented=family,
        hze=hze,
    )


_A, _T, _S, _C = Setting.AMBULANT, Setting.SEMI_RESIDENTIAL, Setting.RESIDENTIAL, Setting.CRISIS
_EGH_DE = "Eingliederungshilfe bei (drohender) seelischer Behinderung"
_EGH_EN = "integration assistance for a (threatened) mental disability"
_VOLLJ_DE = "Hilfe für junge Volljährige"
_VOLLJ_EN = "help for young adults"

_HELP_TYPE_LIST: tuple[HelpType, ...] = (
    _ht(
        "13-3",
        "§ 13 Abs. 3 SGB VIII",
        _S,
        "Sozialpädagogisch begleitete Wohnform",
        "socio-educationally supported housing during school or vocational training",
        hze=False,
    ),
    _ht(
        "16",
        "§ 16 SGB VIII",
        _A,
        "Allgemeine Förderung der Erziehung in der Familie",
        "general promotion of upbringing in the family",
        hze=False,
    ),
    _ht(
        "19",
        "§ 19 SGB VIII",
        _S,
        "Gemeinsame Wohnform für Mütter/Väter und Kinder",
        "joint housing for mothers or fathers and children",
        hze=False,
    ),
    _ht(
        "20",
        "§ 20 SGB VIII",
        _A,
        "Betreuung und Versorgung des Kindes in Notsituationen",
        "care for the child in emergencies",
        hze=False,
    ),
    _ht(
        "27-2",
        "§ 27 Abs. 2 SGB VIII",
        _A,
        "Flexible ambulante Hilfe zur Erziehung",
        "flexible non-residential help for upbringing",
    ),
    _ht(
        "27-2-residential",
        "§ 27 Abs. 2 SGB VIII",
        _S,
        "Sonstige stationäre Hilfe zur Erziehung",
        "other residential help for upbringing",
    ),
    _ht(
        "27-3",
        "§ 27 Abs. 3 SGB VIII",
        _A,
        "Gruppenangebot der Hilfe zur Erziehung (z. B. in der Schule)",
        "group offer of help for upbringing (e.g. at school)",
    ),
    _ht(
        "28",
        "§ 28 SGB VIII",
        _A,
        "Erziehungsberatung",
        "child guidance and family counselling",
    ),
    _ht("29", "§ 29 SGB VIII", _A, "Soziale Gruppenarbeit", "social group work"),
    _ht(
        "30",
        "§ 30 SGB VIII",
        _A,
        "Erziehungsbeistand, Betreuungshelfer",
        "educational assistant, care helper",
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
    _ht("33", "§ 33 SGB VIII", _S, "Vollzeitpflege", "full-time foster care"),
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
        "Intensive sozialpädagogische Einzelbetreuung, ambulant",
        "intensive individual socio-educational support, non-residential",
    ),
    _ht(
        "35",
        "§ 35 SGB VIII",
        _S,
        "Intensive sozialpädagogische Einzelbetreuung außerhalb der eigenen Familie",
        "intensive individual socio-educational support outside the own family",
    ),
    _ht(
        "35a-ambulant",
        "§ 35a Abs. 2 Nr. 1 SGB VIII",
        _A,
        f"{_EGH_DE}, in ambulanter Form",
        f"{_EGH_EN}, non-residential",
        specialist=True,
    ),
    _ht(
        "35a-day",
        "§ 35a Abs. 2 Nr. 2 SGB VIII",
        _T,
        f"{_EGH_DE}, in Tageseinrichtungen oder anderen teilstationären Einrichtungen",
        f"{_EGH_EN}, in day-care or other semi-residential facilities",
        specialist=True,
    ),
    _ht(
        "35a-foster",
        "§ 35a Abs. 2 Nr. 3 SGB VIII",
        _S,
        f"{_EGH_DE}, durch geeignete Pflegepersonen",
        f"{_EGH_EN}, by suitable foster carers",
        specialist=True,
    ),
    _ht(
        "35a-residential",
        "§ 35a Abs. 2 Nr. 4 SGB VIII",
        _S,
        f"{_EGH_DE}, in Einrichtungen über Tag und Nacht oder sonstigen Wohnformen",
        f"{_EGH_EN}, in 24-hour facilities or other forms of housing",
        specialist=True,
    ),
    _ht(
        "41-ambulant",
        "§ 41 SGB VIII",
        _A,
        f"{_VOLLJ_DE}, ambulant",
        f"{_VOLLJ_EN}, non-residential",
        young_adult=True,
    ),
    _ht(
        "41-semi-residential",
        "§ 41 SGB VIII",
        _T,
        f"{_VOLLJ_DE}, teilstationär",
        f"{_VOLLJ_EN}, semi-residential",
        young_adult=True,
    ),
    _ht(
        "41-residential",
        "§ 41 SGB VIII",
        _S,
        f"{_VOLLJ_DE}, stationär",
        f"{_VOLLJ_EN}, residential",
        young_adult=True,
    ),
    _ht(
        "41a",
        "§ 41a SGB VIII",
        _A,
        "Nachbetreuung junger Volljähriger",
        "aftercare for young adults",
        hze=False,
    ),
    _ht(
        "42",
        "§ 42 SGB VIII",
        _C,
        "Inobhutnahme von Kindern und Jugendlichen",
        "taking children and adolescents into protective care",
        hze=False,
    ),
    _ht(
        "42a",
        "§ 42a SGB VIII",
        _C,
        "Vorläufige Inobhutnahme von ausländischen Kindern und Jugendlichen "
        "nach unbegleiteter Einreise",
        "provisional protective care of unaccompanied foreign minors",
        hze=False,
    ),
)

#: All help types by code, in the order of their paragraphs (read-only).
HELP_TYPES: Mapping[str, HelpType] = types.MappingProxyType({h.code: h for h in _HELP_TYPE_LIST})


def help_type(code: str) -> HelpType:
    """The help type with this code.

    :raises UnknownCodeError: (a :class:`LookupError`) with a "did you mean" suggestion.

    >>> from sozialraum.catalog import help_type
    >>> help_type("41-residential").young_adult
    True
    >>> help_type("35a ambulant")
    Traceback (most recent call last):
    ...
    sozialraum.errors.UnknownCodeError: unknown code in code list 'help_types'; did you mean '35a-ambulant'?
    """  # noqa: E501
    try:
        return HELP_TYPES[code]
    except (KeyError, TypeError):
        raise UnknownCodeError("help_types", str(code), _suggest(str(code), HELP_TYPES)) from None


# --------------------------------------------------------------------------- code lists


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

    Iterating yields the entries in order; ``in`` tests a code.

    >>> from sozialraum.catalog import INITIATING_INSTITUTIONS
    >>> "3" in INITIATING_INSTITUTIONS, len(INITIATING_INSTITUTIONS)
    (True, 8)
    >>> INITIATING_INSTITUTIONS.get("3").label_de
    'Schule/Kindertageseinrichtung'
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
    _by_code: Mapping[str, CodeEntry] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        by_code: dict[str, CodeEntry] = {}
        for i, entry in enumerate(self.entries):
            if entry.code in by_code:
                raise ValidationError.single(f"/entries/{i}/code", "code_list.duplicate_code")
            by_code[entry.code] = entry
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

    def get(self, code: str) -> CodeEntry:
        """The entry with this code.

        :raises UnknownCodeError: (a :class:`LookupError`) with a "did you mean" suggestion.
        """
        try:
            return self._by_code[code]
        except (KeyError, TypeError):
            raise UnknownCodeError(self.name, str(code), _suggest(str(code), self.codes)) from None


def _e(code: str, label_de: str, label_en: str, **flags: bool) -> CodeEntry:
    return CodeEntry(code=code, label_de=label_de, label_en=label_en, **flags)


_EBKUS = "[S83] EBKuS 4.0.2 sql/merkmale_standard.py, federal statistic 2007"
_EBKUS_VERSION = "ebkus-2007"
_JM = "des jungen Menschen"

HELP_REASONS = CodeList(
    name="help_reasons",
    version=_EBKUS_VERSION,
    source=_EBKUS,
    title_de="Gründe für die Hilfegewährung",
    title_en="reasons for granting the help",
    entries=(
        _e("10", f"Unversorgtheit {_JM}", "young person left without care"),
        _e(
            "11",
            f"Unzureichende Förderung/Betreuung/Versorgung {_JM} in der Familie",
            "insufficient support, supervision or provision for the young person in the family",
        ),
        _e("12", "Gefährdung des Kindeswohls", "danger to the child's welfare"),
        _e(
            "13",
            "Eingeschränkte Erziehungskompetenz der Eltern/Personensorgeberechtigten",
            "limited parenting competence of the parents or persons with custody",
        ),
        _e(
            "14",
            f"Belastungen {_JM} durch Problemlagen der Eltern",
            "strain on the young person from the parents' problems",
        ),
        _e(
            "15",
            f"Belastungen {_JM} durch familiäre Konflikte",
            "strain on the young person from family conflicts",
        ),
        _e(
            "16",
            f"Auffälligkeiten im sozialen Verhalten (dissoziales Verhalten) {_JM}",
            "conspicuous social behaviour (dissocial behaviour) of the young person",
        ),
        _e(
            "17",
            f"Entwicklungsauffälligkeiten/seelische Probleme {_JM}",
            "developmental abnormalities or psychological problems of the young person",
        ),
        _e(
            "18",
            f"Schulische/berufliche Probleme {_JM}",
            "problems of the young person at school or in vocational training",
        ),
        _e(
            "19",
            "Übernahme von einem anderen Jugendamt wegen Zuständigkeitswechsels",
            "taken over from another Jugendamt after a change of responsibility",
        ),
    ),
)
"""Reasons for granting a help (several per help), federal statistic 2007 via EBKuS."""

_DEVIATING = "Beendigung abweichend von Hilfeplan/Beratungszielen"

ENDING_REASONS = CodeList(
    name="ending_reasons",
    version=_EBKUS_VERSION,
    source=_EBKUS,
    title_de="Gründe für die Beendigung der Hilfe",
    title_en="reasons for ending the help",
    entries=(
        _e(
            "10",
            "Beendigung gemäß Hilfeplan/Beratungszielen",
            "ended as set out in the help plan or counselling goals",
            planned=True,
        ),
        _e(
            "20",
            f"{_DEVIATING} durch die Sorgeberechtigten/den jungen Volljährigen "
            "(auch durch unzureichende Mitwirkung)",
            "ended other than planned by the persons with custody or the young adult "
            "(including lack of cooperation)",
        ),
        _e(
            "21",
            f"{_DEVIATING} durch die bisher betreuende Einrichtung, die Pflegefamilie, den Dienst",
            "ended other than planned by the facility, foster family or service providing care",
        ),
        _e(
            "22",
            f"{_DEVIATING} durch den Minderjährigen",
            "ended other than planned by the minor",
        ),
        _e("30", "Adoptionspflege/Adoption", "adoption placement or adoption"),
        _e(
            "40",
            "Abgabe an ein anderes Jugendamt wegen Zuständigkeitswechsels",
            "handed over to another Jugendamt after a change of responsibility",
            transfer=True,
        ),
        _e("50", "Sonstige Gründe", "other reasons"),
    ),
)
"""Reasons for ending a help, federal statistic 2007 via EBKuS.

Only ``"10"`` counts as *planned*; ``"40"`` (handed over) is left out of the denominator of
the planned-ending quota (domain 5.3).
"""

INITIATING_INSTITUTIONS = CodeList(
    name="initiating_institutions",
    version=_EBKUS_VERSION,
    source=_EBKUS,
    title_de="Die Hilfe anregende Institution oder Person",
    title_en="institution or person that suggested the help",
    entries=(
        _e("1", "Junger Mensch selbst", "the young person themself"),
        _e("2", "Eltern bzw. Personensorgeberechtigte", "parents or persons with custody"),
        _e("3", "Schule/Kindertageseinrichtung", "school or day-care centre"),
        _e(
            "4",
            "Soziale Dienste und andere Institutionen (z. B. Jugendamt)",
            "social services and other institutions (e.g. Jugendamt)",
        ),
        _e("5", "Gericht/Staatsanwaltschaft/Polizei", "court, public prosecutor or police"),
        _e("6", "Arzt/Klinik/Gesundheitsamt", "doctor, hospital or public health office"),
        _e("7", "Ehemalige Klienten/Bekannte", "former clients or acquaintances"),
        _e("8", "Sonstige", "other"),
    ),
)
"""Who suggested the help (§ 99 Abs. 1 SGB VIII), federal statistic 2007 via EBKuS."""

PROVIDER_KINDS = CodeList(
    name="provider_kinds",
    version=_EBKUS_VERSION,
    source=_EBKUS,
    title_de="Träger der Einrichtung oder des Dienstes",
    title_en="kind of provider of the facility or service",
    entries=(
        _e("10", "Träger der öffentlichen Jugendhilfe", "public youth welfare provider"),
        _e(
            "21",
            "Arbeiterwohlfahrt oder deren Mitgliedsorganisation",
            "Arbeiterwohlfahrt (AWO) or a member organisation",
        ),
        _e(
            "22",
            "Deutscher Paritätischer Wohlfahrtsverband oder dessen Mitgliedsorganisation",
            "Der Paritätische or a member organisation",
        ),
        _e(
            "23",
            "Deutsches Rotes Kreuz oder dessen Mitgliedsorganisation",
            "German Red Cross (DRK) or a member organisation",
        ),
        _e(
            "24",
            "Diakonisches Werk oder sonstiger der EKD angeschlossener Träger",
            "Diakonie or another provider affiliated with the Protestant Church (EKD)",
        ),
        _e(
            "25",
            "Deutscher Caritasverband oder sonstiger katholischer Träger",
            "Caritas or another Catholic provider",
        ),
        _e(
            "26",
            "Zentralwohlfahrtsstelle der Juden in Deutschland oder jüdische Kultusgemeinde",
            "Central Welfare Board of Jews in Germany (ZWST) or a Jewish community",
        ),
        _e(
            "27",
            "Sonstige Religionsgemeinschaft des öffentlichen Rechts",
            "other religious community under public law",
        ),
        _e(
            "28",
            "Sonstiger anerkannter Träger der Jugendhilfe",
            "other recognised youth welfare provider",
        ),
        _e(
            "29",
            "Sonstige juristische Person, andere Vereinigung",
            "other legal person or association",
        ),
        _e("30", "Wirtschaftsunternehmen (privat-gewerblich)", "commercial (for-profit) company"),
        _e(
            "40",
            "Pflegefamilie, die Vollzeitpflege gemäß § 33 SGB VIII durchführt",
            "foster family providing full-time foster care under § 33 SGB VIII",
        ),
    ),
)
"""Kinds of provider (öffentlicher / freier Träger and Verband), federal statistic 2007."""

_KWG = "Kindeswohlgefährdung"

RISK_ASSESSMENT_RESULTS = CodeList(
    name="risk_assessment_results",
    version="8a-2012",
    source="[S87][S88] § 8a statistic since 2012 (Bayerisches Landesamt für Statistik; Destatis)",
    title_de="Ergebnis der Gefährdungseinschätzung",
    title_en="result of the risk assessment",
    entries=(
        _e(
            "acute",
            f"akute {_KWG}",
            "acute danger to the child's welfare (clearly established)",
        ),
        _e(
            "latent",
            f"latente {_KWG}",
            "latent danger to the child's welfare (cannot be ruled out, serious suspicion)",
        ),
        _e(
            "help_needed",
            f"keine {_KWG}, aber Hilfe-/Unterstützungsbedarf",
            "no danger to the child's welfare, but a need for help or support",
        ),
        _e(
            "no_help_needed",
            f"keine {_KWG} und kein (weiterer) Hilfebedarf",
            "no danger to the child's welfare and no (further) need for help",
        ),
    ),
)
"""The four results of a § 8a Gefährdungseinschätzung."""

DANGER_FORMS = CodeList(
    name="danger_forms",
    version="8a-2012",
    source="[S88][S89] § 8a statistic, Destatis",
    title_de="Art der Kindeswohlgefährdung",
    title_en="form of danger to the child's welfare",
    entries=(
        _e("neglect", "Vernachlässigung", "neglect"),
        _e("psychological", "psychische Gewalt", "psychological abuse"),
        _e("physical", "körperliche Gewalt", "physical abuse"),
        _e("sexual", "sexuelle Gewalt", "sexual violence"),
    ),
)
"""Forms of danger recorded in the § 8a statistic (several per assessment)."""

CASE_CLOSING_REASONS = CodeList(
    name="case_closing_reasons",
    version="sozialraum-1",
    source="sozialraum (own list, not a statistics code list); transfer per § 86c SGB VIII [S1]",
    title_de="Gründe für den Abschluss der Fallakte",
    title_en="reasons for closing the case file",
    entries=(
        _e("planned", "Abschluss gemäß Hilfeplan", "closed as planned", planned=True),
        _e("not_as_planned", "Abschluss abweichend vom Hilfeplan", "closed other than planned"),
        _e(
            "transfer",
            "Abgabe an ein anderes Jugendamt (§ 86c SGB VIII)",
            "handed over to another Jugendamt (§ 86c SGB VIII)",
            transfer=True,
        ),
        _e("no_help_needed", "Kein Hilfebedarf festgestellt", "no need for help found"),
        _e(
            "resolved_in_social_space",
            "Gelöst mit Ressourcen des Sozialraums",
            "resolved with resources of the social space",
        ),
        _e("other", "Sonstige Gründe", "other reasons"),
    ),
)
"""Why a whole case file was closed: sozialraum's own list, not part of the statistics.

``resolved_in_social_space`` records the Fachkonzept's core promise: a need met by the
resources of the social space instead of a formal help.
"""

#: Every code list by its name (read-only).
CODE_LISTS: Mapping[str, CodeList] = types.MappingProxyType(
    {
        cl.name: cl
        for cl in (
            HELP_REASONS,
            ENDING_REASONS,
            INITIATING_INSTITUTIONS,
            PROVIDER_KINDS,
            RISK_ASSESSMENT_RESULTS,
            DANGER_FORMS,
            CASE_CLOSING_REASONS,
        )
    }
)


def code_list(name: str) -> CodeList:
    """The code list with this name.

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
        raise UnknownCodeError("code_lists", str(name), _suggest(str(name), CODE_LISTS)) from None


# Examples for the code-list constants (attribute docstrings are not collected by doctest).
__test__ = {
    "HELP_REASONS": """
>>> from sozialraum.catalog import HELP_REASONS
>>> HELP_REASONS.get("12").label_de
'Gefährdung des Kindeswohls'
""",
    "ENDING_REASONS": """
>>> from sozialraum.catalog import ENDING_REASONS
>>> [e.code for e in ENDING_REASONS if e.planned], [e.code for e in ENDING_REASONS if e.transfer]
(['10'], ['40'])
""",
    "INITIATING_INSTITUTIONS": """
>>> from sozialraum.catalog import INITIATING_INSTITUTIONS
>>> INITIATING_INSTITUTIONS.codes
('1', '2', '3', '4', '5', '6', '7', '8')
""",
    "PROVIDER_KINDS": """
>>> from sozialraum.catalog import PROVIDER_KINDS
>>> PROVIDER_KINDS.get("30").label_en
'commercial (for-profit) company'
""",
    "RISK_ASSESSMENT_RESULTS": """
>>> from sozialraum.catalog import RISK_ASSESSMENT_RESULTS
>>> RISK_ASSESSMENT_RESULTS.get("latent").label_de
'latente Kindeswohlgefährdung'
""",
    "DANGER_FORMS": """
>>> from sozialraum.catalog import DANGER_FORMS
>>> DANGER_FORMS.get("physical").label_de
'körperliche Gewalt'
""",
    "CASE_CLOSING_REASONS": """
>>> from sozialraum.catalog import CASE_CLOSING_REASONS
>>> CASE_CLOSING_REASONS.get("resolved_in_social_space").label_de
'Gelöst mit Ressourcen des Sozialraums'
""",
}
