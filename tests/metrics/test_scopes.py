"""Named help scopes (hze, hze_local, eingliederungshilfe, hze_plus) and counting young
people instead of helps (domain 5.5; issue 10)."""

from __future__ import annotations

from datetime import date

import pytest

from sozialraum import catalog
from sozialraum.catalog import HZE, SCOPES
from sozialraum.errors import UnknownCodeError, ValidationError
from sozialraum.metrics import (
    help_durations,
    help_indicators,
    metrics_report,
    planned_endings,
    setting_mix,
    spending,
    time_to_help,
    use_rates,
)
from sozialraum.model import Case, Help, YoungPerson
from sozialraum.money import Money
from sozialraum.periods import Period

from .builders import case, help_, municipality

Y2024 = Period.year(2024)


def _egh(help_id: str, start: date) -> Help:
    return Help(
        id=help_id,
        help_type="35a-ambulant",
        provider_id="T1",
        period=Period(start),
        monthly_cost=Money.parse("500.00"),
        specialist_statement_on=start,
    )


def _cases() -> tuple[Case, ...]:
    return (
        case("C1", "A", date(2024, 1, 1), help_("H1", "31", date(2024, 1, 1))),
        case("C2", "A", date(2024, 1, 1), _egh("H2", date(2024, 2, 1))),
        case("C3", "A", date(2024, 1, 1), help_("H3", "28-parents", date(2024, 3, 1))),
        case("C4", "A", date(2024, 1, 1), help_("H4", "13-3", date(2024, 3, 1))),
    )


def _active(scope: object, **kw: object) -> object:
    t = use_rates(_cases(), municipality(), Y2024, by=(), scope=scope, **kw)  # type: ignore[arg-type]
    return t.get("helps_active").value


def test_every_scope_cites_its_source() -> None:
    assert set(SCOPES) == {"hze", "hze_local", "eingliederungshilfe", "hze_plus"}
    for s in SCOPES.values():
        assert "domain" in s.source


def test_35a_is_not_in_hze() -> None:
    assert not any(catalog.help_type(c).eingliederungshilfe for c in HZE.codes)
    assert "35a-ambulant" not in HZE
    assert _active("hze") == 2  # § 31 and § 28; not § 35a, not § 13(3)
    assert _active("eingliederungshilfe") == 1
    assert _active("hze_plus") == 3
    assert _active("hze_local") == 1  # without § 28
    assert _active(None) == 4


def test_default_scope_is_hze_and_a_scope_object_works() -> None:
    default = use_rates(_cases(), municipality(), Y2024, by=())
    assert default == use_rates(_cases(), municipality(), Y2024, by=(), scope=HZE)
    assert default.get("helps_active").value == 2


def test_explicit_help_types_override_the_scope() -> None:
    assert _active("hze", help_types=("13-3",)) == 1
    assert _active("hze", help_types=None) == 4


def test_every_help_metric_takes_a_scope() -> None:
    cs = _cases()
    m = municipality()
    egh = "eingliederungshilfe"
    assert help_durations(cs, Y2024, by=(), scope=egh).get("helps_running_at_end").value == 1
    assert planned_endings(cs, Y2024, by=(), scope=egh).get("ended_as_planned_share") is not None
    assert (
        setting_mix(cs, Y2024, by=(), scope=egh).get("setting_share", setting="ambulant").value == 1
    )
    assert help_indicators(cs, m, Y2024, by=(), scope=egh).get("helps_active").value == 1
    assert spending(cs, m, Y2024, by=(), scope=egh).get("help_days").value == 335
    assert time_to_help(cs, Y2024, by=(), scope=egh).get("referrals_helped").value == 1
    report = metrics_report(m, cs, period=Y2024, as_of=date(2025, 1, 1), threshold=0, scope=egh)
    assert report.get("helps_active", space="*").value == 1


def test_unknown_scope_is_a_clear_error() -> None:
    with pytest.raises(UnknownCodeError) as err:
        use_rates(_cases(), municipality(), Y2024, scope="hze_lokal")
    assert err.value.suggestion == "hze_local"
    with pytest.raises(ValidationError) as bad:
        use_rates(_cases(), municipality(), Y2024, scope=3)  # type: ignore[arg-type]
    assert bad.value.issues[0].code == "metrics.scope_type"


def test_young_adult_help_counts_under_its_type_in_hze_and_as_young_adult() -> None:
    adult = Case(
        id="C9",
        space_id="A",
        opened=date(2024, 1, 1),
        young_person=YoungPerson(id="P9", birth=date(2005, 1, 1)),  # 19 at the start
        helps=(help_("H9", "34", date(2024, 2, 1)),),
    )
    minor = case("C8", "A", date(2024, 1, 1), help_("H8", "34", date(2024, 2, 1)))
    t = use_rates((adult, minor), municipality(), Y2024, by=("help_type", "young_adult"))
    assert t.get("helps_active", help_type="34", young_adult="yes").value == 1
    assert t.get("helps_active", help_type="34", young_adult="no").value == 1
    assert t.get("helps_active", help_type="34", young_adult="*").value == 2
    assert use_rates((adult,), municipality(), Y2024, by=()).get("helps_active").value == 1


def _family_case() -> Case:
    family = (
        YoungPerson(id="P1", birth=date(2012, 3, 1)),
        YoungPerson(id="P1-2", birth=date(2014, 3, 1)),
        YoungPerson(id="P1-3", birth=date(2016, 3, 1)),
    )
    spfh = Help(
        id="H1",
        help_type="31",
        provider_id="T1",
        period=Period(date(2024, 1, 1), date(2024, 7, 1)),
        monthly_cost=Money.parse("1000.00"),
        ending_reason="10",
        family_young_people=family,
    )
    return case("C1", "A", date(2024, 1, 1), spfh)


def test_young_people_counting_counts_the_family() -> None:
    cs = (_family_case(), case("C2", "A", date(2024, 1, 1), help_("H2", "34", date(2024, 2, 1))))
    helps = use_rates(cs, municipality(), Y2024, by=())
    people = use_rates(cs, municipality(), Y2024, by=(), count="young_people")
    assert helps.get("helps_active").value == 2
    assert people.get("helps_active").value == 4
    assert people.get("helps_active").unit == "young people"
    assert people.get("use_rate_u21").numerator == 4
    ended = help_durations(cs, Y2024, by=(), count="young_people")
    assert ended.get("helps_ended").value == 3
    assert ended.get("duration_ended_median").value == 182
    planned = planned_endings(cs, Y2024, by=(), count="young_people").get("ended_as_planned_share")
    assert (planned.numerator, planned.denominator) == (3, 3)


def test_unknown_count_is_refused() -> None:
    with pytest.raises(ValidationError) as err:
        use_rates(_cases(), municipality(), Y2024, count="families")  # type: ignore[arg-type]
    assert err.value.issues[0].code == "metrics.count_unknown"


def test_spending_by_young_adult() -> None:
    adult = Case(
        id="C9",
        space_id="A",
        opened=date(2024, 1, 1),
        young_person=YoungPerson(id="P9", birth=date(2005, 1, 1)),
        helps=(help_("H9", "34", date(2024, 1, 1), date(2024, 2, 1), "10"),),
    )
    t = spending((adult,), municipality(), Y2024, by=("young_adult",))
    assert t.get("spending", young_adult="yes").value == Money.parse("1000.00")
    assert t.get("spending", young_adult="*").value == Money.parse("1000.00")
