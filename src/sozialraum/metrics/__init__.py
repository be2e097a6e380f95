"""Evaluation metrics: the standard youth-welfare indicators, goal attainment and
privacy-safe aggregation.

Every metric is a pure function over entities for a closed period, grouped by any of its
dimensions (``space``, ``provider``, ``help_type``, ``setting``, ``year`` / ``quarter`` /
``month`` …), and returns a :class:`MetricTable` of tidy :class:`Row` records with exact
values, their numerators and denominators, and units. The definitions and their sources
are in each function's documentation and in the "Indicator definitions" page.

* columnar input: :func:`from_frame`, :func:`from_arrow` (or hand the ``pandas.DataFrame``
  / ``pyarrow.Table`` to a help metric directly; :mod:`~sozialraum.metrics.columns`);
* helps: :func:`use_rates`, :func:`help_durations`, :func:`planned_endings`,
  :func:`setting_mix`, :func:`help_indicators` (the headline set in one pass);
* money: :func:`spending`, :func:`budget_execution`, :func:`monitoring_execution`;
* referrals: :func:`time_to_help`, :func:`resolved_without_help`, :func:`re_referrals`,
  :func:`risk_assessments` (§ 8a);
* work in the space: :func:`work_metrics`;
* Goal Attainment Scaling: :func:`t_score`, :func:`plan_scores`, :func:`goal_attainment`;
* privacy: :func:`suppress` (primary and secondary small-cell suppression, audited
  exactly), :func:`suppress_together` and :class:`Link` (several tables as one system);
* reports: :func:`metrics_report`, :func:`render_report`.

>>> from sozialraum.data import load_sample
>>> from sozialraum.periods import Period
>>> s = load_sample()
>>> table = suppress(use_rates(s.cases, s.municipality, Period.year(2025), by=("space",)))
>>> table.get("use_rate_u21", space="*").display(1)
'239.3'
"""

from .columns import from_arrow, from_frame
from .costs import budget_execution, help_costs, monitoring_execution, spending
from .facts import HZE_HELP_TYPES, HelpFacts, HelpStats, help_stats
from .gas import DEFAULT_RHO, PlanScore, goal_attainment, plan_scores, t_score
from .grouping import Grouping
from .helps import help_durations, help_indicators, planned_endings, setting_mix, use_rates
from .referrals import re_referrals, resolved_without_help, risk_assessments, time_to_help
from .report import metrics_report, render_report
from .rows import TOTAL, MetricTable, Row, Status, to_decimal
from .suppression import (
    DEFAULT_THRESHOLD,
    DEFAULT_WORK_LIMIT,
    Link,
    suppress,
    suppress_together,
)
from .work import WorkStats, work_metrics

__all__ = [
    "DEFAULT_RHO",
    "DEFAULT_THRESHOLD",
    "DEFAULT_WORK_LIMIT",
    "HZE_HELP_TYPES",
    "TOTAL",
    "Grouping",
    "HelpFacts",
    "HelpStats",
    "Link",
    "MetricTable",
    "PlanScore",
    "Row",
    "Status",
    "WorkStats",
    "budget_execution",
    "from_arrow",
    "from_frame",
    "goal_attainment",
    "help_costs",
    "help_durations",
    "help_indicators",
    "help_stats",
    "metrics_report",
    "monitoring_execution",
    "plan_scores",
    "planned_endings",
    "re_referrals",
    "render_report",
    "resolved_without_help",
    "risk_assessments",
    "setting_mix",
    "spending",
    "suppress",
    "suppress_together",
    "t_score",
    "time_to_help",
    "to_decimal",
    "use_rates",
    "work_metrics",
]
