"""Goal Attainment Scaling (Kiresuk & Sherman 1968): T-scores per help plan and aggregates.

Each goal of a help plan is scored on five levels, −2 (much less than expected) to +2 (much
more); the plan's T-score summarises them (domain 7.2, [S107][S112][S113])::

    T = 50 + 10 · Σ wᵢxᵢ / √( (1 − ρ) · Σ wᵢ² + ρ · (Σ wᵢ)² )

with attainment levels xᵢ, weights wᵢ (:attr:`Goal.weight <sozialraum.model.Goal.weight>`)
and ρ the assumed correlation between goal scores, conventionally 0.3. T is 50 when every
goal is attained as expected; one unweighted goal at +1 gives 60.

Missing scores and zero weights are handled as the reference implementation ``gasr``
(``calc_tscore``) does [S112]: goals without an attained level are left out; if the weights
of all remaining goals are 0, every weight counts as 1. A plan without any scored goal has
no T-score (``None``). The sums are exact; the square root is taken with 34 significant
digits and T is rounded half-even to :data:`T_PLACES` decimals.

>>> from decimal import Decimal
>>> from sozialraum.model import Goal
>>> t_score([Goal(id="G1", text="…", attained=1)])
Decimal('60.000000000000')
>>> t_score([Goal(id="G1", text="…", attained=0), Goal(id="G2", text="…", attained=0)])
Decimal('50.000000000000')
>>> t_score([Goal(id="G1", text="…", attained=2, weight=Decimal(3)),
...          Goal(id="G2", text="…", attained=-1)]).quantize(Decimal("0.01"))
Decimal('64.56')
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from fractions import Fraction

import attrs

from .. import messages
from ..errors import ValidationError
from ..model import Case, Goal
from ..periods import Period
from ._common import count_row, each_cell, group_events, ratio_row
from .grouping import TIME_DIMENSIONS, Grouping
from .rows import MetricTable, Row, Status

__all__ = [
    "DEFAULT_RHO",
    "GAS_DIMENSIONS",
    "T_PLACES",
    "PlanScore",
    "goal_attainment",
    "plan_scores",
    "t_score",
]

messages.define("gas.rho_type", "ρ is an int, Fraction or Decimal")
messages.define("gas.rho_range", "ρ must be between 0 and 1")
messages.define("type.invalid#goal", "expected a Goal")


#: The conventional inter-correlation of goal scores (Kiresuk & Sherman 1968).
DEFAULT_RHO = Fraction(3, 10)
#: Decimal places of a T-score.
T_PLACES = 12
#: The dimensions GAS aggregates can be grouped by (the time of a plan's last review).
GAS_DIMENSIONS = ("space", "provider", *TIME_DIMENSIONS)

#: The provider value of a plan that governs no help.
NO_PROVIDER = "none"


def _rho(rho: Fraction | Decimal | int) -> Fraction:
    if isinstance(rho, bool | float) or not isinstance(rho, int | Fraction | Decimal):
        raise ValidationError.single("/rho", "gas.rho_type")
    value = Fraction(rho)
    if not 0 <= value <= 1:
        raise ValidationError.single("/rho", "gas.rho_range")
    return value


def t_score(goals: Iterable[Goal], rho: Fraction | Decimal | int = DEFAULT_RHO) -> Decimal | None:
    """The GAS T-score of ``goals`` (module docs), ``None`` if no goal is scored.

    :raises ValidationError: ``gas.rho_type`` / ``gas.rho_range`` for a bad ρ.
    """
    r = _rho(rho)
    goals = list(goals)
    for i, g in enumerate(goals):
        if not isinstance(g, Goal):
            raise ValidationError.single(f"/{i}", "type.invalid#goal")
    pairs = [(Fraction(g.weight), g.attained) for g in goals if g.attained is not None]
    if not pairs:
        return None
    if not any(w for w, _ in pairs):
        pairs = [(Fraction(1), x) for _, x in pairs]
    total = sum((w * x for w, x in pairs), Fraction(0))
    sum_w = sum((w for w, _ in pairs), Fraction(0))
    sum_w2 = sum((w * w for w, _ in pairs), Fraction(0))
    denominator = (1 - r) * sum_w2 + r * sum_w * sum_w
    with decimal.localcontext(prec=34, rounding=decimal.ROUND_HALF_EVEN):
        root = (Decimal(denominator.numerator) / Decimal(denominator.denominator)).sqrt()
        score = 50 + 10 * (Decimal(total.numerator) / Decimal(total.denominator)) / root
        return score.quantize(Decimal(1).scaleb(-T_PLACES))


@attrs.frozen(kw_only=True)
class PlanScore:
    """The T-score of one help plan, with what it rests on (an intermediate result: it
    names a pseudonymous plan, so it is not for publication).

    :param scored_on: the plan's last review (its agreement date if none was held).
    :param providers: the providers of the helps the plan governs.
    """

    case_id: str
    plan_id: str
    space: str
    providers: tuple[str, ...]
    scored_on: date
    t_score: Decimal | None
    goals_scored: int
    goals_missing: int


def plan_scores(
    cases: Iterable[Case], rho: Fraction | Decimal | int = DEFAULT_RHO
) -> tuple[PlanScore, ...]:
    """The T-score of every help plan of ``cases``.

    >>> from sozialraum.data import load_sample
    >>> first = plan_scores(load_sample().cases)[0]
    >>> first.plan_id, first.goals_scored, first.goals_missing, str(first.t_score)[:5]
    ('HP-00001-1', 1, 0, '40.00')
    """
    out = []
    for c in cases:
        provider_of = {h.id: h.provider_id for h in c.helps}
        for plan in c.help_plans:
            scored = sum(1 for g in plan.goals if g.attained is not None)
            out.append(
                PlanScore(
                    case_id=c.id,
                    plan_id=plan.id,
                    space=c.space_id,
                    providers=tuple(
                        dict.fromkeys(provider_of[h] for h in plan.help_ids if h in provider_of)
                    ),
                    scored_on=plan.reviews[-1] if plan.reviews else plan.agreed_on,
                    t_score=t_score(plan.goals, rho),
                    goals_scored=scored,
                    goals_missing=len(plan.goals) - scored,
                )
            )
    return tuple(out)


def goal_attainment(
    cases: Iterable[Case],
    period: Period,
    *,
    by: Sequence[str] = ("space",),
    rho: Fraction | Decimal | int = DEFAULT_RHO,
    totals: bool = True,
) -> MetricTable:
    """GAS aggregates of the help plans scored in the period (by their last review).

    A plan counts once per provider of its helps when grouped by ``provider``
    (``"none"`` if it governs no help). Rows per group: ``gas_plans_scored`` (plans with a
    T-score), ``gas_t_mean`` (mean T-score), ``gas_at_least_expected_share`` (share of
    plans with T ≥ 50) and ``gas_plans_unscored`` (plans without any scored goal).
    """
    g = Grouping.of(period, by, allowed=GAS_DIMENSIONS, totals=totals)

    def events() -> Iterable[tuple[dict[str, str], date, Decimal | None]]:
        for score in plan_scores(cases, rho):
            for provider in score.providers or (NO_PROVIDER,):
                values = {"space": score.space, "provider": provider}
                yield values, score.scored_on, score.t_score
                if "provider" not in g.static:
                    break

    rows: list[Row] = []
    for dims, scores in each_cell(group_events(events(), g), g):
        known = [s for s in scores if s is not None]
        n = len(known)
        rows.append(count_row("gas_plans_scored", dims, n, "plans", "plans"))
        total = sum((Fraction(s) for s in known), Fraction(0))
        if n:
            rows.append(
                Row(
                    metric="gas_t_mean",
                    dimensions=dims,
                    value=total / n,
                    numerator=total,
                    denominator=n,
                    unit="T-score",
                    support=n,
                    basis="plans",
                )
            )
        else:
            rows.append(
                Row(
                    metric="gas_t_mean",
                    dimensions=dims,
                    denominator=0,
                    unit="T-score",
                    status=Status.NOT_DEFINED,
                    support=0,
                    basis="plans",
                    note="count.zero",
                )
            )
        rows.append(
            ratio_row(
                "gas_at_least_expected_share",
                dims,
                sum(1 for s in known if s >= 50),
                n,
                unit="share",
                basis="plans",
                support=n,
                zero_note="count.zero",
            )
        )
        rows.append(
            count_row("gas_plans_unscored", dims, len(scores) - n, "plans", "plans.unscored")
        )
    return MetricTable(rows)
