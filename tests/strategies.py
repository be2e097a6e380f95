"""Hypothesis strategies that build every entity of sozialraum the same way.

Like attrs, we keep all strategies in one file so every property test draws its money,
periods and entities from the same definitions. Every strategy here yields *valid* values
(all invariants hold); sizes are kept small so property tests stay fast.

Import in tests as ``from tests import strategies as s`` (``tests/conftest.py`` puts the
repository root on ``sys.path``).
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from hypothesis import settings
from hypothesis import strategies as st

from sozialraum import catalog
from sozialraum.catalog import Gender, WorkType
from sozialraum.model import (
    AgeBand,
    Case,
    CaseIndependentWork,
    Goal,
    Help,
    HelpPlan,
    Indicator,
    Municipality,
    ProtectiveCustody,
    Provider,
    RiskAssessment,
    SocialSpace,
    SocialSpaceTeam,
    YearMonth,
    YoungPerson,
)
from sozialraum.money import Money
from sozialraum.periods import Period, add_months, age_on

__all__ = [
    "MAX_DATE",
    "MIN_DATE",
    "age_bands",
    "case_independent_works",
    "cases",
    "dates",
    "decimals",
    "fewer_examples",
    "goals",
    "help_plans",
    "helps",
    "ids",
    "indicators",
    "money",
    "municipalities",
    "non_negative_money",
    "periods",
    "protective_custodies",
    "providers",
    "records",
    "risk_assessments",
    "social_space_teams",
    "social_spaces",
    "texts",
    "year_months",
    "young_persons",
]

#: The range of dates the strategies draw from (covers several leap years and 2100, which
#: is not a leap year).
MIN_DATE = date(1990, 1, 1)
MAX_DATE = date(2101, 12, 31)


def fewer_examples(divisor: int = 2) -> settings:
    """Settings for an expensive property: a fraction of the active profile's examples."""
    return settings(max_examples=max(10, settings.default.max_examples // divisor))


# --------------------------------------------------------------------------- leaves

#: Days a municipality hits: month ends, leap days, year ends and starts.
_SPECIAL_DAYS = [
    date(2000, 2, 29),
    date(2024, 2, 29),
    date(2023, 2, 28),
    date(2100, 2, 28),
    date(2024, 1, 31),
    date(2024, 12, 31),
    date(2025, 1, 1),
    date(2024, 4, 30),
    date(2024, 3, 1),
]


def dates(min_value: date = MIN_DATE, max_value: date = MAX_DATE) -> st.SearchStrategy[date]:
    """Dates in ``[min_value, max_value]``, often a month end, leap day or year boundary."""
    special = [d for d in _SPECIAL_DAYS if min_value <= d <= max_value]
    plain = st.dates(min_value=min_value, max_value=max_value)
    if not special:
        return plain
    return st.one_of(plain, st.sampled_from(special))


def periods(
    min_start: date = MIN_DATE,
    max_start: date = date(2099, 1, 1),
    *,
    max_days: int = 3 * 366,
    open_ended: bool = True,
    empty: bool = True,
) -> st.SearchStrategy[Period]:
    """Half-open periods, including empty (``start == end``) and open-ended ones."""
    lengths = st.integers(min_value=0 if empty else 1, max_value=max_days)
    ends: st.SearchStrategy[int | None] = st.one_of(st.none(), lengths) if open_ended else lengths
    return st.builds(
        lambda start, days: Period(start, None if days is None else start + timedelta(days=days)),
        dates(min_start, max_start),
        ends,
    )


def money(min_cents: int = -(10**11), max_cents: int = 10**11) -> st.SearchStrategy[Money]:
    """Amounts in cents, with small amounts and exact euros over-represented."""
    return st.one_of(
        st.integers(min_value=max(min_cents, -500), max_value=min(max_cents, 500)),
        st.integers(min_value=min_cents, max_value=max_cents),
        st.integers(min_value=min_cents // 100, max_value=max_cents // 100).map(lambda e: e * 100),
    ).map(lambda c: Money(cents=c))


def non_negative_money(max_cents: int = 10**9) -> st.SearchStrategy[Money]:
    """Costs: never negative."""
    return money(0, max_cents)


def decimals(
    min_value: int = 0, max_value: int = 10_000, places: int = 2
) -> st.SearchStrategy[Decimal]:
    """Finite decimals in plain notation (what the schema writes as ``"12.5"``)."""
    return st.decimals(
        min_value=min_value,
        max_value=max_value,
        places=places,
        allow_nan=False,
        allow_infinity=False,
    )


_ID_ALPHABET = "ABCDEFGHKLMNPRSTUVWXYZ0123456789-_.äöüß"


def ids(prefix: str = "") -> st.SearchStrategy[str]:
    """Non-blank identifiers (pseudonyms)."""
    return st.text(_ID_ALPHABET, min_size=1, max_size=6).map(lambda s: prefix + s)


_TEXT_ALPHABET = "abcdefghijklmnopqrstuvwxyzäöüßABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÜ0123456789 -.,&()/§"


def texts(min_size: int = 1, max_size: int = 20) -> st.SearchStrategy[str]:
    """Free text that is never blank (names, goals, activities)."""
    return st.text(_TEXT_ALPHABET, min_size=min_size, max_size=max_size).filter(
        lambda t: t.strip() != ""
    )


def year_months(min_year: int = 1990, max_year: int = 2100) -> st.SearchStrategy[YearMonth]:
    return st.builds(
        YearMonth,
        st.integers(min_value=min_year, max_value=max_year),
        st.integers(min_value=1, max_value=12),
    )


def codes(code_list: catalog.CodeList) -> st.SearchStrategy[str]:
    return st.sampled_from(code_list.codes)


def _unique_by_id(items: list[Any]) -> list[Any]:
    seen: set[str] = set()
    out = []
    for item in items:
        if item.id not in seen:
            seen.add(item.id)
            out.append(item)
    return out


# --------------------------------------------------------------------------- people, helps

HELP_TYPE_CODES: tuple[str, ...] = tuple(catalog.HELP_TYPES)
YOUNG_ADULT_TYPES = tuple(c for c, t in catalog.HELP_TYPES.items() if t.young_adult_eligible)
NON_YOUNG_ADULT_TYPES = tuple(
    c for c, t in catalog.HELP_TYPES.items() if not t.young_adult_eligible
)


def young_persons(
    birth_min: date = date(1985, 1, 1), birth_max: date = date(2030, 12, 31)
) -> st.SearchStrategy[YoungPerson]:
    """Pseudonymous young people, born on a day or (statistics precision) in a month."""
    births: st.SearchStrategy[date | YearMonth] = st.one_of(
        dates(birth_min, birth_max),
        year_months(birth_min.year + 1, birth_max.year - 1),
    )
    return st.builds(YoungPerson, id=ids("P"), birth=births, gender=st.sampled_from(list(Gender)))


@st.composite
def helps(
    draw: st.DrawFn,
    *,
    start_min: date = date(1995, 1, 1),
    start_max: date = date(2095, 1, 1),
    end_max: date | None = None,
    must_end: bool = False,
    help_types: st.SearchStrategy[str] | None = None,
    id: st.SearchStrategy[str] | None = None,
) -> Help:
    """A valid help: ended helps have an ending reason, § 35a helps a specialist statement
    on or before the start, costs are non-negative, hours within 0..168.

    ``end_max`` (inclusive) bounds the end; with ``must_end`` the help always ends.
    """
    help_type = draw(help_types if help_types is not None else st.sampled_from(HELP_TYPE_CODES))
    start = draw(dates(start_min, start_max))
    limit = end_max if end_max is not None else start + timedelta(days=4 * 366)
    if must_end or end_max is not None or draw(st.booleans()):
        end: date | None = draw(dates(start, max(start, limit)))
    else:
        end = None
    kind = catalog.HELP_TYPES[help_type]
    statement = None
    if kind.needs_specialist_statement:
        statement = draw(dates(start - timedelta(days=365), start))
    elif draw(st.integers(0, 9)) == 0:
        statement = draw(st.none() | dates(start - timedelta(days=30), start))
    kind_reasons = draw(st.lists(codes(catalog.HELP_REASONS), unique=True, max_size=3))
    family_oriented = kind.family_orientable and draw(st.booleans())
    family = kind.family_oriented or family_oriented
    ended = end is not None
    return Help(
        id=draw(id if id is not None else ids("H")),
        help_type=help_type,
        provider_id=draw(ids("T")),
        period=Period(start, end),
        monthly_cost=draw(non_negative_money(10**7)),
        hours_per_week=draw(st.none() | decimals(0, 168, 1)),
        day_rate=draw(st.none() | non_negative_money(10**6)),
        planned_end=draw(st.none() | dates(start, start + timedelta(days=3 * 366))),
        ending_reason=None if end is None else draw(codes(catalog.ENDING_REASONS)),
        specialist_statement_on=statement,
        justification_beyond_21=draw(st.none() | texts(max_size=10)),
        young_adult=draw(st.none() | st.just(False)),
        family_oriented=family_oriented,
        place_of_delivery=draw(st.none() | codes(catalog.PLACES_OF_DELIVERY)),
        main_reason=kind_reasons[0] if kind_reasons else None,
        further_reasons=tuple(kind_reasons[1:]),
        initiated_by=draw(st.none() | codes(catalog.INITIATING_INSTITUTIONS)),
        provider_kind=draw(st.none() | codes(catalog.PROVIDER_KINDS)),
        family_court_decision=draw(st.none() | codes(catalog.FAMILY_COURT_DECISIONS)),
        after_risk_assessment=draw(st.none() | st.booleans()),
        after_protective_custody=draw(st.none() | st.booleans()),
        parallel_help=draw(st.none() | st.booleans()),
        residence_before=draw(st.none() | codes(catalog.WHEREABOUTS)),
        family_situation=draw(st.none() | codes(catalog.FAMILY_SITUATIONS)),
        parent_foreign_origin=draw(st.none() | st.booleans()),
        german_family_language=draw(st.none() | st.booleans()),
        transfer_payments=draw(st.none() | st.booleans()),
        whereabouts_after=draw(st.none() | codes(catalog.WHEREABOUTS)) if ended else None,
        subsequent_help=draw(st.none() | codes(catalog.SUBSEQUENT_HELPS)) if ended else None,
        family_young_people=(
            tuple(draw(st.lists(young_persons(), max_size=2, unique_by=lambda p: p.id)))
            if family
            else ()
        ),
        young_people_elsewhere=draw(st.none() | st.integers(0, 5)) if family else None,
    )


def goals(id: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[Goal]:
    """Goals scored by Goal Attainment Scaling (levels −2..+2, non-negative weights)."""
    level = st.none() | st.integers(min_value=-2, max_value=2)
    return st.builds(
        Goal,
        id=id if id is not None else ids("G"),
        text=st.text(max_size=20),
        weight=decimals(0, 10, 2),
        levels=st.one_of(st.just(()), st.tuples(*[texts(max_size=5)] * 5)),
        baseline=level,
        attained=level,
    )


@st.composite
def help_plans(
    draw: st.DrawFn,
    *,
    help_ids: tuple[str, ...] = (),
    agreed_min: date = date(1995, 1, 1),
    agreed_max: date = date(2095, 1, 1),
) -> HelpPlan:
    """A valid help plan; its ``help_ids`` are drawn from ``help_ids``."""
    agreed = draw(dates(agreed_min, agreed_max))
    gaps = draw(st.lists(st.integers(min_value=0, max_value=400), max_size=3))
    reviews = []
    day = agreed
    for gap in gaps:
        day = day + timedelta(days=gap)
        reviews.append(day)
    nxt = draw(st.none() | st.integers(min_value=1, max_value=400))
    chosen = draw(st.lists(st.sampled_from(help_ids), unique=True, max_size=3)) if help_ids else []
    plan_goals = _unique_by_id(draw(st.lists(goals(), max_size=2)))
    return HelpPlan(
        id=draw(ids("HP")),
        agreed_on=agreed,
        help_ids=tuple(chosen),
        goals=tuple(plan_goals),
        reviews=tuple(reviews),
        next_review=None if nxt is None else day + timedelta(days=nxt),
    )


@st.composite
def risk_assessments(draw: st.DrawFn) -> RiskAssessment:
    """A § 8a assessment; forms of danger and their source only for an acute or latent one."""
    result = draw(codes(catalog.RISK_ASSESSMENT_RESULTS))
    forms: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    if result in ("acute", "latent"):
        forms = tuple(draw(st.lists(codes(catalog.DANGER_FORMS), unique=True, max_size=2)))
        sources = tuple(draw(st.lists(codes(catalog.DANGER_SOURCES), unique=True, max_size=2)))
    concluded = draw(dates(date(1995, 1, 1), date(2095, 1, 1)))
    notice = draw(st.none() | st.integers(0, 60))
    return RiskAssessment(
        id=draw(ids("R")),
        concluded_on=concluded,
        result=result,
        notice_on=None if notice is None else concluded - timedelta(days=notice),
        notified_by=draw(st.none() | codes(catalog.RISK_NOTIFIERS)),
        danger_forms=forms,
        danger_from=sources,
        repeat_report=draw(st.none() | st.booleans()),
    )


@st.composite
def protective_custodies(
    draw: st.DrawFn,
    *,
    start_min: date = date(1995, 1, 1),
    start_max: date = date(2095, 1, 1),
    end_max: date | None = None,
) -> ProtectiveCustody:
    """A § 42/§ 42a measure: § 42a and ground Nr. 3 only for unaccompanied minors; ending
    and follow-up exactly for an ended measure."""
    kind = draw(codes(catalog.CUSTODY_KINDS))
    ground = draw(st.none() | codes(catalog.CUSTODY_GROUNDS))
    if kind == "42a" and ground is not None:
        ground = "3"
    unaccompanied = kind == "42a" or ground == "3" or draw(st.booleans())
    start = draw(dates(start_min, start_max))
    limit = end_max if end_max is not None else start + timedelta(days=200)
    end = (
        draw(dates(start, max(start, limit)))
        if end_max is not None or draw(st.booleans())
        else None
    )
    return ProtectiveCustody(
        id=draw(ids("IO")),
        kind=kind,
        period=Period(start, end),
        ground=ground,
        triggers=tuple(draw(st.lists(codes(catalog.CUSTODY_TRIGGERS), unique=True, max_size=2))),
        initiated_by=draw(st.none() | codes(catalog.CUSTODY_INITIATORS)),
        placement=draw(st.none() | codes(catalog.CUSTODY_PLACEMENTS)),
        unaccompanied=unaccompanied,
        parents_objected=draw(st.none() | st.booleans()),
        family_court_called=draw(st.none() | st.booleans()),
        ending=None if end is None else draw(codes(catalog.CUSTODY_ENDINGS)),
        follow_up=None if end is None else draw(st.none() | codes(catalog.SUBSEQUENT_HELPS)),
        provider_id=draw(st.none() | ids("T")),
    )


def _fit_young_adult_rule(help_: Help, case: Case, justification: str) -> Help:
    """Make a help obey the § 41 rule in ``case``: add a justification from 21 on."""
    if not case.is_young_adult_help(help_):
        return help_
    if case.age_at_start(help_) >= 21 and not help_.justification_beyond_21:
        fields = _help_fields(help_)
        fields["justification_beyond_21"] = justification
        return Help(**fields)
    return help_


def _help_fields(help_: Help) -> dict[str, Any]:
    import attrs

    return {f.name: getattr(help_, f.name) for f in attrs.fields(Help)}


@st.composite
def cases(draw: st.DrawFn, *, max_helps: int = 3) -> Case:
    """A consistent case: helps within the case dates, § 41 helps only for a young adult at
    the help's start (or with a justification from 21 on), plans referring to its helps.
    """
    opened = draw(dates(date(2000, 1, 1), date(2090, 1, 1)))
    # born 0..24 years before the case opens, so § 41 helps happen
    birth_day = draw(dates(opened - timedelta(days=25 * 365), opened))
    birth: date | YearMonth = (
        YearMonth(birth_day.year, birth_day.month) if draw(st.booleans()) else birth_day
    )
    person = YoungPerson(id=draw(ids("P")), birth=birth, gender=draw(st.sampled_from(list(Gender))))
    is_closed = draw(st.booleans())
    closed = draw(dates(opened, opened + timedelta(days=3 * 366))) if is_closed else None
    help_max = closed if closed is not None else opened + timedelta(days=3 * 366)
    raw = draw(
        st.lists(
            helps(
                start_min=opened,
                start_max=help_max,
                end_max=closed,
                must_end=closed is not None,
                help_types=st.sampled_from(HELP_TYPE_CODES),
            ),
            max_size=max_helps,
        )
    )
    probe = Case(id="C", space_id="S", opened=opened, young_person=person)
    case_helps = tuple(
        _fit_young_adult_rule(h, probe, "Verselbständigung noch nicht abgeschlossen")
        for h in _unique_by_id(raw)
    )
    help_ids = tuple(h.id for h in case_helps)
    plans = _unique_by_id(
        draw(st.lists(help_plans(help_ids=help_ids, agreed_min=opened), max_size=2))
    )
    assessments = _unique_by_id(draw(st.lists(risk_assessments(), max_size=2)))
    # § 42 measures only while the person is a minor
    majority = _majority(person)
    custodies: list[ProtectiveCustody] = []
    if majority > opened + timedelta(days=1):
        custodies = _unique_by_id(
            draw(
                st.lists(
                    protective_custodies(start_min=opened, start_max=majority - timedelta(days=1)),
                    max_size=1,
                )
            )
        )
    return Case(
        id=draw(ids("C")),
        space_id=draw(ids("S")),
        opened=opened,
        young_person=person,
        helps=case_helps,
        help_plans=tuple(plans),
        risk_assessments=tuple(assessments),
        protective_custodies=tuple(custodies),
        closed=closed,
        closing_reason=None if closed is None else draw(codes(catalog.CASE_CLOSING_REASONS)),
    )


def _majority(person: YoungPerson) -> date:
    """The first day the person is 18."""
    day = add_months(person.birth_day, 12 * 18)
    return day if age_on(person.birth_day, day) >= 18 else day + timedelta(days=1)


def age_of(person: YoungPerson, day: date) -> int:
    """The age the model computes (birth month counts as its first day)."""
    return age_on(person.birth_day, day)


# --------------------------------------------------------------------------- organisation


@st.composite
def age_bands(draw: st.DrawFn, max_bands: int = 3) -> tuple[AgeBand, ...]:
    """Non-overlapping age bands in ascending order, the last possibly open."""
    cuts = sorted(draw(st.sets(st.integers(min_value=0, max_value=99), max_size=max_bands + 1)))
    bands = [
        AgeBand(min_age=a, max_age=b, count=draw(st.integers(0, 50_000)))
        for a, b in itertools.pairwise(cuts)
    ]
    if cuts and draw(st.booleans()):
        bands.append(AgeBand(min_age=cuts[-1], max_age=None, count=draw(st.integers(0, 50_000))))
    return tuple(bands)


def indicators(name: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[Indicator]:
    return st.builds(
        Indicator,
        name=name if name is not None else texts(max_size=10),
        value=st.decimals(
            min_value=-1000, max_value=100_000, places=3, allow_nan=False, allow_infinity=False
        ),
        unit=st.sampled_from(["percent", "persons", "per 1000"]),
        reference_date=dates(date(2000, 1, 1), date(2090, 12, 31)),
        source=st.none() | texts(max_size=10),
    )


@st.composite
def social_spaces(draw: st.DrawFn, id: st.SearchStrategy[str] | None = None) -> SocialSpace:
    inds = draw(st.lists(indicators(), max_size=2, unique_by=lambda i: i.name))
    return SocialSpace(
        id=draw(id if id is not None else ids("S")),
        name=draw(texts(max_size=12)),
        population=draw(age_bands()),
        population_date=draw(st.none() | dates(date(2000, 1, 1), date(2090, 12, 31))),
        indicators=tuple(inds),
    )


def providers(
    space_ids: tuple[str, ...] | None = None,
    id: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[Provider]:
    """Providers; with ``space_ids`` they serve only those spaces."""
    serves = (
        st.lists(st.sampled_from(space_ids), unique=True, max_size=3).map(tuple)
        if space_ids
        else (st.just(()) if space_ids is not None else st.lists(ids("S"), max_size=3).map(tuple))
    )
    return st.builds(
        Provider,
        id=id if id is not None else ids("T"),
        name=texts(max_size=12),
        kind=codes(catalog.PROVIDER_KINDS),
        serves=serves,
    )


def social_space_teams(
    space_ids: tuple[str, ...] | None = None, provider_ids: tuple[str, ...] | None = None
) -> st.SearchStrategy[SocialSpaceTeam]:
    """Teams; with ``space_ids``/``provider_ids`` they refer only to those."""
    space = st.sampled_from(space_ids) if space_ids else ids("S")
    members = (
        st.lists(st.sampled_from(provider_ids), unique=True, max_size=3).map(tuple)
        if provider_ids
        else (
            st.just(()) if provider_ids is not None else st.lists(ids("T"), max_size=3).map(tuple)
        )
    )
    return st.builds(
        SocialSpaceTeam,
        id=ids("ST"),
        space_id=space,
        provider_ids=members,
        name=st.none() | texts(max_size=12),
    )


@st.composite
def municipalities(draw: st.DrawFn) -> Municipality:
    """A municipality whose providers and teams refer only to its own spaces and providers."""
    spaces = _unique_by_id(draw(st.lists(social_spaces(), min_size=1, max_size=2)))
    space_ids = tuple(s.id for s in spaces)
    provs = _unique_by_id(draw(st.lists(providers(space_ids), max_size=3)))
    provider_ids = tuple(p.id for p in provs)
    teams = _unique_by_id(draw(st.lists(social_space_teams(space_ids, provider_ids), max_size=2)))
    return Municipality(
        id=draw(ids("M")),
        name=draw(texts(max_size=12)),
        social_spaces=tuple(spaces),
        providers=tuple(provs),
        teams=tuple(teams),
    )


@st.composite
def case_independent_works(draw: st.DrawFn) -> CaseIndependentWork:
    """Fallübergreifende / fallunspezifische work; case-independent work names no cases."""
    work_type = draw(st.sampled_from([WorkType.CASE_OVERARCHING, WorkType.CASE_INDEPENDENT]))
    case_ids: tuple[str, ...] = ()
    if work_type is WorkType.CASE_OVERARCHING:
        case_ids = tuple(draw(st.lists(ids("C"), max_size=3)))
    return CaseIndependentWork(
        id=draw(ids("W")),
        space_id=draw(ids("S")),
        work_type=work_type,
        period=draw(periods(date(2000, 1, 1), date(2090, 1, 1), max_days=400)),
        hours=draw(decimals(0, 2000, 2)),
        cost=draw(non_negative_money(10**8)),
        activity=draw(st.sampled_from(["network", "group", "project", "Stadtteilfest"])),
        provider_id=draw(st.none() | ids("T")),
        case_ids=case_ids,
    )


#: A strategy of valid instances for each published record type name.
records: dict[str, st.SearchStrategy[Any]] = {
    "municipality": municipalities(),
    "social_space": social_spaces(),
    "provider": providers(),
    "social_space_team": social_space_teams(),
    "young_person": young_persons(),
    "case": cases(),
    "help": helps(),
    "help_plan": help_plans(help_ids=("H1", "H2")),
    "risk_assessment": risk_assessments(),
    "protective_custody": protective_custodies(),
    "catalog_version": st.builds(
        lambda lists, year: catalog.CatalogVersion(
            name="office", source="test", valid_from=year, code_lists=tuple(lists)
        ),
        st.lists(
            st.sampled_from(catalog.CATALOG.code_lists), unique_by=lambda c: c.name, max_size=3
        ),
        st.none() | st.integers(2000, 2030),
    ),
    "case_independent_work": case_independent_works(),
}
