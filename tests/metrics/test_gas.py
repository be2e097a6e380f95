"""Goal Attainment Scaling against the formula's known properties and hand calculations."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sozialraum.errors import ValidationError
from sozialraum.metrics import Status, goal_attainment, plan_scores, t_score
from sozialraum.model import Goal, HelpPlan
from sozialraum.periods import Period

from .builders import case, help_


def goal(x: int | None, w: int | str = 1, gid: str = "G") -> Goal:
    return Goal(id=gid, text="…", attained=x, weight=Decimal(w))


def goals(*pairs: tuple[int | None, int | str]) -> list[Goal]:
    return [goal(x, w, f"G{i}") for i, (x, w) in enumerate(pairs)]


def test_all_goals_as_expected_is_50() -> None:
    assert t_score(goals((0, 1), (0, 2), (0, 3))) == 50


@pytest.mark.parametrize(("x", "t"), [(1, 60), (-1, 40), (2, 70), (-2, 30)])
def test_one_unweighted_goal(x: int, t: int) -> None:
    assert t_score([goal(x)]) == t


def test_two_unweighted_goals_by_hand() -> None:
    # T = 50 + 10·2 / √(0.7·2 + 0.3·4) = 50 + 20/√2.6
    expected = 50 + 20 / Decimal("2.6").sqrt()
    assert t_score(goals((1, 1), (1, 1))) == expected.quantize(Decimal("1E-12"))


def test_weighted_by_hand() -> None:
    # w = (3, 1), x = (2, −1): Σwx = 5, Σw² = 10, (Σw)² = 16 → 50 + 50/√11.8
    expected = 50 + 50 / Decimal("11.8").sqrt()
    assert t_score(goals((2, 3), (-1, 1))) == expected.quantize(Decimal("1E-12"))
    assert str(t_score(goals((2, 3), (-1, 1))))[:7] == "64.5555"


def test_rho_is_configurable() -> None:
    # ρ = 0: T = 50 + 10·Σwx/√Σw² ; two goals at +1 → 50 + 20/√2
    expected = 50 + 20 / Decimal(2).sqrt()
    assert t_score(goals((1, 1), (1, 1)), rho=0) == expected.quantize(Decimal("1E-12"))
    assert t_score(goals((1, 1), (1, 1)), rho=1) == 60  # 50 + 20/√4
    assert t_score(goals((1, 1), (1, 1)), rho=Decimal("0.3")) == t_score(goals((1, 1), (1, 1)))


@pytest.mark.parametrize(
    ("rho", "code"), [(0.3, "gas.rho_type"), (Fraction(3, 2), "gas.rho_range")]
)
def test_bad_rho(rho: object, code: str) -> None:
    with pytest.raises(ValidationError) as err:
        t_score([goal(1)], rho=rho)  # type: ignore[arg-type]
    assert err.value.codes == (code,)


def test_missing_scores_are_left_out() -> None:
    assert t_score(goals((1, 1), (None, 5))) == 60
    assert t_score(goals((None, 1))) is None
    assert t_score([]) is None


def test_zero_weights() -> None:
    assert t_score(goals((1, 0), (-1, 1))) == 40  # the zero-weight goal drops out
    assert t_score(goals((1, 0), (1, 0))) == t_score(goals((1, 1), (1, 1)))  # all zero → 1


levels = st.integers(-2, 2)
weights = st.integers(0, 9)


@given(st.lists(st.tuples(levels, weights), min_size=1, max_size=6))
def test_mirrored_scores_mirror_t(pairs: list[tuple[int, int]]) -> None:
    t = t_score(goals(*pairs))
    mirrored = t_score(goals(*[(-x, w) for x, w in pairs]))
    assert t is not None
    assert mirrored is not None
    assert abs((t - 50) + (mirrored - 50)) <= Decimal("1E-12")


@given(st.lists(st.tuples(levels, weights), min_size=1, max_size=6), st.integers(1, 20))
def test_scaling_all_weights_keeps_t(pairs: list[tuple[int, int]], k: int) -> None:
    t = t_score(goals(*pairs))
    scaled = t_score(goals(*[(x, w * k) for x, w in pairs]))
    assert t is not None
    assert scaled is not None
    assert abs(t - scaled) <= Decimal("1E-11")


@given(st.lists(st.tuples(levels, weights), min_size=1, max_size=6))
def test_t_is_within_the_scale(pairs: list[tuple[int, int]]) -> None:
    t = t_score(goals(*pairs))
    assert t is not None
    if all(x == 0 for x, _ in pairs):
        assert t == 50
    assert Decimal(0) <= t <= Decimal(100)


def plan(
    pid: str, on: date, *gs: Goal, helps: tuple[str, ...] = ("H1",), reviews: tuple[date, ...] = ()
) -> HelpPlan:
    return HelpPlan(id=pid, agreed_on=on, help_ids=helps, goals=gs, reviews=reviews)


CASES = (
    case(
        "C1",
        "A",
        date(2024, 1, 1),
        help_("H1", "31", date(2024, 1, 1), provider="T1"),
        help_plans=(plan("P1", date(2024, 1, 1), goal(1), reviews=(date(2024, 7, 1),)),),
    ),
    case(
        "C2",
        "A",
        date(2024, 1, 1),
        help_("H1", "31", date(2024, 1, 1), provider="T1"),
        help_("H2", "30-erziehungsbeistand", date(2024, 1, 1), provider="T2"),
        help_plans=(
            plan("P2", date(2024, 2, 1), goal(-1), helps=("H1", "H2")),
            plan("P3", date(2024, 3, 1), goal(None), helps=()),
        ),
    ),
    case(
        "C3",
        "B",
        date(2023, 1, 1),
        help_("H1", "31", date(2023, 1, 1)),
        help_plans=(plan("P4", date(2023, 1, 1), goal(2)),),
    ),
)


def test_plan_scores() -> None:
    scores = {s.plan_id: s for s in plan_scores(CASES)}
    assert scores["P1"].scored_on == date(2024, 7, 1)
    assert scores["P1"].t_score == 60
    assert scores["P2"].providers == ("T1", "T2")
    assert scores["P3"].t_score is None
    assert scores["P3"].goals_missing == 1


def test_goal_attainment_per_space_and_provider() -> None:
    t = goal_attainment(CASES, Period.year(2024))
    assert t.get("gas_plans_scored", space="A").value == 2
    assert t.get("gas_t_mean", space="A").value == 50  # (60 + 40) / 2
    assert t.get("gas_at_least_expected_share", space="A").value == Fraction(1, 2)
    assert t.get("gas_plans_unscored", space="A").value == 1
    by_provider = goal_attainment(CASES, Period.year(2024), by=("provider",))
    assert by_provider.get("gas_plans_scored", provider="T1").value == 2
    assert by_provider.get("gas_t_mean", provider="T2").value == 40
    assert by_provider.get("gas_t_mean", provider="none").status is Status.NOT_DEFINED
    assert by_provider.get("gas_plans_scored", provider="*").value == 3  # once per provider


def test_t_score_refuses_what_is_not_a_goal() -> None:
    with pytest.raises(ValidationError) as err:
        t_score(["x"])  # type: ignore[list-item]
    assert [(i.path, i.code) for i in err.value.issues] == [("/0", "type.invalid")]
