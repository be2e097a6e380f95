"""Budget allocation: exact, explainable social-space budgets (*Sozialraumbudgets*).

A budget is split between social spaces, then between work types (case-specific,
case-overarching, case-independent), then between the providers of a space. The rules are
data (:mod:`~sozialraum.budget.rules`), dated with :class:`~sozialraum.periods.Dated`,
and :func:`allocate` records every step so :meth:`Allocation.explain` can say how each
amount came about. Every split is exact to the cent; every exact tie is settled by an
explicit :class:`TiePolicy`.

>>> from datetime import date
>>> from sozialraum.money import Money
>>> from sozialraum.periods import Dated
>>> from sozialraum.budget import *
>>> spaces = [
...     SpaceInput(space_id="Nord", indicators=(IndicatorValue(name="u18", value=2400),)),
...     SpaceInput(space_id="Süd", indicators=(IndicatorValue(name="u18", value=1600),)),
... ]
>>> rules = Dated.of("Sozialraumbudget", {date(2025, 1, 1): RuleSet(
...     name="2025",
...     need=NeedRule(indicator_shares=(IndicatorShare(indicators=(
...         WeightedIndicator(indicator="u18"),)),)),
...     work_types=WorkTypeSplit(shares=(
...         WorkTypeShare(work_type="case_specific", share=Ratio.percent(80)),
...         WorkTypeShare(work_type="case_independent", share=Ratio.percent(20)))),
... )})
>>> result = allocate(Money.parse("100000"), spaces, rules, on=date(2025, 3, 1))
>>> str(result.amount("Nord")), str(result.amount(work_type="case_independent"))
('60000.00', '20000.00')

:func:`spend` and :func:`forecast` monitor spending against an allocation (per space, work
type and provider) and forecast the year end with the overload quota and the savings
carry-over; :func:`sozialraum.budget.demo.render_budget_demo` shows it all on the sample
municipality.

The apportionment methods work on any whole units (seats, places, cents):

>>> apportion(8, {"A": 5, "B": 3, "C": 2}, Method.SAINTE_LAGUE).as_dict()
{'A': 4, 'B': 2, 'C': 2}
"""

from .allocation import Allocation, Cell, SpaceResult, Step, format_money, format_share
from .apportion import (
    Apportionment,
    Method,
    apportion,
    round_exact,
    round_numerators,
    split_whole,
)
from .indices import (
    gallagher,
    gallagher_squared,
    largest_deviation,
    loosemore_hanby,
    quota_violations,
    satisfies_quota,
)
from .monitoring import (
    ContractOutcome,
    Forecast,
    SpendLine,
    SpendReport,
    forecast,
    help_cost,
    is_excluded,
    spend,
    work_cost,
)
from .need import NeedResult, need_shares
from .pipeline import allocate
from .ratio import Ratio
from .rules import (
    Average,
    BaseAmount,
    BaseShare,
    Cap,
    Corridor,
    EqualWeightIndex,
    Exclusion,
    Floor,
    IndicatorMode,
    IndicatorShare,
    IndicatorValue,
    NeedComponent,
    NeedRule,
    OverloadQuota,
    PressureCorrectedShare,
    ProviderInput,
    ProviderShare,
    ProviderSplit,
    RuleSet,
    SavingsCarryOver,
    Smoothing,
    SmoothingMode,
    SpaceInput,
    WeightedIndicator,
    WorkTypeShare,
    WorkTypeSplit,
)
from .solver import bounded_targets, solve_bounded
from .templates import (
    einglmv_need,
    einglmv_smoothing,
    jugendeinwohnerwert,
    pressure_corrected_need,
    share_table,
)
from .ties import TieBreak, TieKind, TiePolicy

__all__ = [
    "Allocation",
    "Apportionment",
    "Average",
    "BaseAmount",
    "BaseShare",
    "Cap",
    "Cell",
    "ContractOutcome",
    "Corridor",
    "EqualWeightIndex",
    "Exclusion",
    "Floor",
    "Forecast",
    "IndicatorMode",
    "IndicatorShare",
    "IndicatorValue",
    "Method",
    "NeedComponent",
    "NeedResult",
    "NeedRule",
    "OverloadQuota",
    "PressureCorrectedShare",
    "ProviderInput",
    "ProviderShare",
    "ProviderSplit",
    "Ratio",
    "RuleSet",
    "SavingsCarryOver",
    "Smoothing",
    "SmoothingMode",
    "SpaceInput",
    "SpaceResult",
    "SpendLine",
    "SpendReport",
    "Step",
    "TieBreak",
    "TieKind",
    "TiePolicy",
    "WeightedIndicator",
    "WorkTypeShare",
    "WorkTypeSplit",
    "allocate",
    "apportion",
    "bounded_targets",
    "einglmv_need",
    "einglmv_smoothing",
    "forecast",
    "format_money",
    "format_share",
    "gallagher",
    "gallagher_squared",
    "help_cost",
    "is_excluded",
    "jugendeinwohnerwert",
    "largest_deviation",
    "loosemore_hanby",
    "need_shares",
    "pressure_corrected_need",
    "quota_violations",
    "round_exact",
    "round_numerators",
    "satisfies_quota",
    "share_table",
    "solve_bounded",
    "spend",
    "split_whole",
    "work_cost",
]
