"""Social spaces and the organisations working in them."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal

import attrs

from .. import messages
from ..errors import Issue, UnknownCodeError, ValidationError
from ._base import bounded, code_field, invariants, unique_ids

__all__ = ["AgeBand", "Indicator", "Municipality", "Provider", "SocialSpace", "SocialSpaceTeam"]

messages.define("age_band.gap", "the age bands do not cover all ages below {age}")
messages.define("age_band.empty", "max_age must be greater than min_age")
messages.define("number.not_finite", "the value must be finite")
messages.define("age_band.split", "an age band straddles the age {age}")
messages.define("reference.unknown#space", "no such social space")
messages.define("reference.unknown#provider", "no such provider")
messages.define("age_band.overlap", "age bands must not overlap")
messages.define("indicator.duplicate", "names must be unique")


# --------------------------------------------------------------------------------------
# Social spaces and organisations
# --------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True, slots=True)
class AgeBand:
    """Residents of an age band ``[min_age, max_age)`` in years; ``max_age=None`` is open.

    >>> AgeBand(min_age=6, max_age=14, count=2310).label
    '6–13'
    """

    min_age: int = bounded(0)
    max_age: int | None = bounded(1)
    count: int = bounded(0)

    @property
    def label(self) -> str:
        """``"6–13"`` style label (inclusive years), ``"21+"`` for an open band."""
        if self.max_age is None:
            return f"{self.min_age}+"
        return f"{self.min_age}–{self.max_age - 1}"

    @invariants
    def __attrs_post_init__(self) -> list[Issue]:
        if self.max_age is not None and self.max_age <= self.min_age:
            return [Issue.of("/max_age", "age_band.empty")]
        return []


@attrs.frozen(kw_only=True, slots=True)
class Indicator:
    """A named social indicator of a space (e.g. the SGB II quota of minors, domain 3.2).

    :param value: exact decimal value (counts, rates or percentages; see ``unit``).
    :param unit: e.g. ``"persons"``, ``"percent"``, ``"per 1000"``.
    :param reference_date: the date the value describes.
    :param source: where the value comes from.
    """

    name: str
    value: Decimal
    unit: str
    reference_date: date
    source: str | None = None

    @invariants
    def __attrs_post_init__(self) -> list[Issue]:
        if not self.value.is_finite():
            return [Issue.of("/value", "number.not_finite")]
        return []


@attrs.frozen(kw_only=True, slots=True)
class SocialSpace:
    """A *Sozialraum*: the planning unit to which a team and a budget are assigned.

    :param population: residents by age band, non-overlapping.
    :param population_date: the reference date of the population figures.
    :param indicators: named social indicators, names unique.

    >>> space = SocialSpace(id="S1", name="Nord", population=(
    ...     AgeBand(min_age=0, max_age=18, count=2000),
    ...     AgeBand(min_age=18, max_age=21, count=400),
    ...     AgeBand(min_age=21, max_age=None, count=9000)))
    >>> space.residents_under(21), space.total_population
    (2400, 11400)
    """

    id: str
    name: str
    population: tuple[AgeBand, ...] = ()
    population_date: date | None = None
    indicators: tuple[Indicator, ...] = ()

    @invariants
    def __attrs_post_init__(self) -> list[Issue]:
        issues = []
        bands = sorted(range(len(self.population)), key=lambda i: self.population[i].min_age)
        for a, b in itertools.pairwise(bands):
            upper = self.population[a].max_age
            if upper is None or upper > self.population[b].min_age:
                issues.append(Issue.of(f"/population/{b}", "age_band.overlap"))
        names: set[str] = set()
        for i, ind in enumerate(self.indicators):
            if ind.name in names:
                issues.append(Issue.of(f"/indicators/{i}/name", "indicator.duplicate"))
            names.add(ind.name)
        return issues

    @property
    def total_population(self) -> int:
        """All residents counted in the age bands."""
        return sum(b.count for b in self.population)

    def residents_under(self, age: int) -> int:
        """Residents younger than ``age`` years.

        :raises ValidationError: ``age_band.split`` if a band straddles ``age`` (the count
            cannot be split exactly), ``age_band.gap`` if the bands leave ages below
            ``age`` uncovered.
        """
        total = 0
        covered = 0
        for band in sorted(self.population, key=lambda b: b.min_age):
            if band.min_age >= age:
                break
            if band.min_age != covered:
                raise ValidationError.single("/population", "age_band.gap", age=age)
            if band.max_age is None or band.max_age > age:
                raise ValidationError.single("/population", "age_band.split", age=age)
            total += band.count
            covered = band.max_age
        if covered < age:
            raise ValidationError.single("/population", "age_band.gap", age=age)
        return total

    def indicator(self, name: str) -> Indicator:
        """The indicator called ``name``.

        :raises sozialraum.errors.UnknownCodeError: if the space has no such indicator.
        """
        for ind in self.indicators:
            if ind.name == name:
                return ind
        raise UnknownCodeError(f"indicators of space {self.id}", name)


@attrs.frozen(kw_only=True, slots=True)
class Provider:
    """A *Träger*: the public youth office itself (kind ``"10"``) or a free provider.

    :param kind: a code of :data:`~sozialraum.catalog.PROVIDER_KINDS` (statistics Träger
        list: ``"24"`` Diakonie, ``"25"`` Caritas …).
    :param serves: ids of the social spaces the provider works in.
    """

    id: str
    name: str
    kind: str = code_field("provider_kinds")
    serves: tuple[str, ...] = ()

    @property
    def is_public(self) -> bool:
        """True for the public youth office (*öffentlicher Träger*)."""
        return self.kind == "10"

    @invariants
    def __attrs_post_init__(self) -> list[Issue]:
        return []  # single-field rules only (kind is a code of PROVIDER_KINDS)


@attrs.frozen(kw_only=True, slots=True)
class SocialSpaceTeam:
    """A *Sozialraumteam*: youth-office staff and providers working one space together.

    The team consults on cases; the decision to grant help stays the youth office's act
    (domain brief 1.4).
    """

    id: str
    space_id: str
    provider_ids: tuple[str, ...] = ()
    name: str | None = None

    @invariants
    def __attrs_post_init__(self) -> list[Issue]:
        return []  # single-field rules only


@attrs.frozen(kw_only=True, slots=True)
class Municipality:
    """A youth office's area (*Jugendamt*): its social spaces, providers and teams.

    References are checked: providers serve known spaces, teams belong to known spaces and
    include known providers.
    """

    id: str
    name: str
    social_spaces: tuple[SocialSpace, ...]
    providers: tuple[Provider, ...] = ()
    teams: tuple[SocialSpaceTeam, ...] = ()

    @invariants
    def __attrs_post_init__(self) -> list[Issue]:
        issues = unique_ids(self.social_spaces, "social_spaces", "social space")
        issues += unique_ids(self.providers, "providers", "provider")
        issues += unique_ids(self.teams, "teams", "team")
        spaces = {s.id for s in self.social_spaces}
        providers = {p.id for p in self.providers}
        for i, p in enumerate(self.providers):
            issues += [
                Issue.of(f"/providers/{i}/serves/{j}", "reference.unknown#space")
                for j, s in enumerate(p.serves)
                if s not in spaces
            ]
        for i, t in enumerate(self.teams):
            if t.space_id not in spaces:
                issues.append(Issue.of(f"/teams/{i}/space_id", "reference.unknown#space"))
            issues += [
                Issue.of(f"/teams/{i}/provider_ids/{j}", "reference.unknown#provider")
                for j, p_id in enumerate(t.provider_ids)
                if p_id not in providers
            ]
        return issues

    def space(self, space_id: str) -> SocialSpace:
        """The social space with id ``space_id`` (``UnknownCodeError`` if none)."""
        for s in self.social_spaces:
            if s.id == space_id:
                return s
        raise UnknownCodeError("social_spaces", space_id)

    def provider(self, provider_id: str) -> Provider:
        """The provider with id ``provider_id`` (``UnknownCodeError`` if none)."""
        for p in self.providers:
            if p.id == provider_id:
                return p
        raise UnknownCodeError("providers", provider_id)
