"""The small closed vocabularies of the catalogue: settings, kinds of work, genders."""

from __future__ import annotations

import enum

__all__ = ["Gender", "Setting", "WorkType"]


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
