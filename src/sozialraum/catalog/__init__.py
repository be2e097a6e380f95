"""The SGB VIII catalogue: help types, scopes, settings and statistics code lists.

Everything here is read-only reference data, versioned by reporting year. Codes are the
stable strings that appear in data files; labels are for people and come in German (the
legal vocabulary) and English.

>>> from sozialraum.catalog import help_type, ENDING_REASONS, Setting
>>> h = help_type("35a-foster")
>>> h.paragraph, h.setting, h.out_of_home
('§ 35a Abs. 2 Nr. 3 SGB VIII', <Setting.RESIDENTIAL: 'residential'>, True)
>>> Setting.SEMI_RESIDENTIAL.label_de
'teilstationär'
>>> ENDING_REASONS.get("10").planned
True

**Help types** (:data:`HELP_TYPES`) follow the *Art der Hilfe* of the federal statistics
(Teil I): § 27 mainly ambulant / mainly outside the parental home / other, § 28 with the
family / the parents / the young person, § 30 Erziehungsbeistand and Betreuungshelfer, § 33
general and special foster care (domain 5.5; verified for the 2007 record layout, the
current layout is unverified). Where a statistics type can be provided in several settings
sozialraum keeps one code per setting (``"35-ambulant"``/``"35"``, the four forms of § 35a
Abs. 2); :attr:`HelpType.statistics_type` names the statistics type. The place of delivery
(*Ort der Durchführung*) is a field of the help (:data:`PLACES_OF_DELIVERY`), not part of
the type.

**§ 41 is not a help type.** A help for a young adult is reported under its own type; the
young-adult status follows from the age at the start (bke statistics FAQ; the Teil I record
layout has no § 41 code), see :class:`sozialraum.model.Help`. § 41 Abs. 2 refers to
§ 27(3)/(4), §§ 28–30 and 33–36 (:attr:`HelpType.young_adult_eligible`) — not § 31 or § 32.

**Scopes** (:data:`SCOPES`): ``hze`` (:data:`HZE`, §§ 27–35 plus § 41, the Destatis total
"Hilfen zur Erziehung insgesamt" and the default), ``hze_local`` (:data:`HZE_LOCAL`, without
§ 28, akjstat's local comparison), ``eingliederungshilfe`` (:data:`EINGLIEDERUNGSHILFE`,
§ 35a) and ``hze_plus`` (:data:`HZE_PLUS`, with § 35a). Each cites its source.

The rule for :attr:`HelpType.out_of_home` (*Fremdunterbringung*)::

    out_of_home  <=>  (hze or eingliederungshilfe) and setting is Setting.RESIDENTIAL

i.e. a help of the Teil I statistics (§§ 27–35, § 35a, incl. § 41) in which the young
person lives day and night outside the parental household. This is the akjstat definition
(Vollzeitpflege § 33, Heimerziehung/sonstige betreute Wohnform § 34 and the sonstige
stationäre "27,2er-Hilfen", each including young adults [S63]) extended, by the same
criterion, to ISE outside the family (§ 35) and § 35a by a Pflegeperson or in an Einrichtung
über Tag und Nacht. The extension is INFERRED; to reproduce akjstat's narrower figure, filter
on the codes ``33-general``, ``33-special``, ``34`` and ``27-out-of-home``. Residential
services outside the Teil I statistics are *not* out of home in this sense: § 13 Abs. 3,
§ 19 and the crisis placements § 42/§ 42a (a separate statistic).

**Code lists** (:data:`CODE_LISTS`, all in :data:`CATALOG`) carry ``valid_from``/``valid_to``
reporting years, a ``source`` and ``verified``:

========================== ======== ===================================================
list                       verified source
========================== ======== ===================================================
help_reasons               yes      2007 federal statistic as implemented in EBKuS 4.0.2
ending_reasons             yes      same
initiating_institutions    yes      same
provider_kinds             yes      same
places_of_delivery         yes      same (``hilf_ort``, 12 values)
whereabouts                yes      same (``auf_ort``, 11 values)
family_situations          yes      same (``shf``)
subsequent_helps           yes      same (``unh``)
risk_assessment_results    yes      § 8a statistic (Bayerisches Landesamt, Destatis)
danger_forms               yes      § 8a statistic (Destatis)
custody_kinds              yes      § 42, § 42a SGB VIII
custody_grounds            yes      § 42 Abs. 1 Satz 1 Nr. 1–3 SGB VIII
custody_placements         yes      § 42 Abs. 1 Satz 2 SGB VIII
family_court_decisions     no       sozialraum's reading of § 99 Abs. 1 Nr. 1 e
risk_notifiers             no       after Destatis § 8a publications (own codes)
danger_sources             no       same
custody_triggers           no       after § 99 Abs. 2 and Destatis tables (own codes)
custody_initiators         no       same
custody_endings            no       same
case_closing_reasons       (own)    sozialraum's list, not a statistics list
========================== ======== ===================================================

"Verified" means checked against the cited source. The EBKuS lists are the codes of the
**2007** form; whether the current Destatis form (after 2021/2023) changed them is
**unverified**: load your statistical office's current lists with :func:`load_catalog`.
"""

from ._codes import CodeEntry, CodeList
from ._enums import Gender, Setting, WorkType
from ._help_types import (
    EINGLIEDERUNGSHILFE,
    HELP_TYPES,
    HZE,
    HZE_HELP_TYPES,
    HZE_LOCAL,
    HZE_PLUS,
    SCOPES,
    HelpScope,
    HelpType,
    help_type,
    scope,
)
from ._lists import (
    CASE_CLOSING_REASONS,
    CUSTODY_ENDINGS,
    CUSTODY_GROUNDS,
    CUSTODY_INITIATORS,
    CUSTODY_KINDS,
    CUSTODY_PLACEMENTS,
    CUSTODY_TRIGGERS,
    DANGER_FORMS,
    DANGER_SOURCES,
    ENDING_REASONS,
    FAMILY_COURT_DECISIONS,
    FAMILY_SITUATIONS,
    HELP_REASONS,
    INITIATING_INSTITUTIONS,
    PLACES_OF_DELIVERY,
    PROVIDER_KINDS,
    RISK_ASSESSMENT_RESULTS,
    RISK_NOTIFIERS,
    SUBSEQUENT_HELPS,
    WHEREABOUTS,
)
from ._versions import CATALOG, CODE_LISTS, CatalogVersion, code_list, load_catalog

__all__ = [
    "CASE_CLOSING_REASONS",
    "CATALOG",
    "CODE_LISTS",
    "CUSTODY_ENDINGS",
    "CUSTODY_GROUNDS",
    "CUSTODY_INITIATORS",
    "CUSTODY_KINDS",
    "CUSTODY_PLACEMENTS",
    "CUSTODY_TRIGGERS",
    "DANGER_FORMS",
    "DANGER_SOURCES",
    "EINGLIEDERUNGSHILFE",
    "ENDING_REASONS",
    "FAMILY_COURT_DECISIONS",
    "FAMILY_SITUATIONS",
    "HELP_REASONS",
    "HELP_TYPES",
    "HZE",
    "HZE_HELP_TYPES",
    "HZE_LOCAL",
    "HZE_PLUS",
    "INITIATING_INSTITUTIONS",
    "PLACES_OF_DELIVERY",
    "PROVIDER_KINDS",
    "RISK_ASSESSMENT_RESULTS",
    "RISK_NOTIFIERS",
    "SCOPES",
    "SUBSEQUENT_HELPS",
    "WHEREABOUTS",
    "CatalogVersion",
    "CodeEntry",
    "CodeList",
    "Gender",
    "HelpScope",
    "HelpType",
    "Setting",
    "WorkType",
    "code_list",
    "help_type",
    "load_catalog",
    "scope",
]
