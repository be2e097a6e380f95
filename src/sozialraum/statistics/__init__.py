"""The federal youth-welfare statistics (Kinder- und Jugendhilfestatistik, §§ 98–103
SGB VIII): the records due for a reporting year, written as CSV and JSON.

An adapter at the edge: it reads the model and the catalogue and is never imported by
them. :func:`statistics_records` selects what § 101 Abs. 2 makes due in a year — helps
ended in the year and helps running on 31 December, § 8a assessments concluded in the
year, § 42/§ 42a measures ended in the year — as typed frozen records whose fields are
named after the statistics' items (each documents its § 99 paragraph).
:func:`plausibility` checks them as the statistical offices do (issues with JSON pointers
and codes), :func:`reconciliation_tables` counts them like the published Destatis tables,
and :func:`write_records` / :func:`to_csv` / :func:`to_json` write them.

A help begun on 15 November 2023 and still running at the end of 2024 is in the "running"
records of both years:

>>> from datetime import date
>>> from sozialraum.model import Case, Help, YoungPerson
>>> from sozialraum.money import Money
>>> from sozialraum.periods import Period
>>> h = Help(id="H1", help_type="30-erziehungsbeistand", provider_id="T1",
...          period=Period(date(2023, 11, 15)), monthly_cost=Money(cents=0))
>>> c = Case(id="C1", space_id="S1", opened=date(2023, 11, 1), helps=(h,),
...          young_person=YoungPerson(id="P1", birth=date(2010, 4, 1)))
>>> [r.report for r in statistics_records([c], 2023).helps]
['running']
>>> [(r.report, str(r.begin)) for r in statistics_records([c], 2024).helps]
[('running', '2023-11')]
"""

from ._checks import CHECK_CODES, plausibility
from ._export import CSV_FILES, JSON_FILE, from_csv, to_csv, to_json, write_records
from ._records import (
    ENDED,
    RUNNING,
    CustodyRecord,
    FamilyMember,
    HelpRecord,
    RiskAssessmentRecord,
    StatisticsRecords,
    statistics_records,
)
from ._tables import ReconciliationTable, reconciliation_tables

__all__ = [
    "CHECK_CODES",
    "CSV_FILES",
    "ENDED",
    "JSON_FILE",
    "RUNNING",
    "CustodyRecord",
    "FamilyMember",
    "HelpRecord",
    "ReconciliationTable",
    "RiskAssessmentRecord",
    "StatisticsRecords",
    "from_csv",
    "plausibility",
    "reconciliation_tables",
    "statistics_records",
    "to_csv",
    "to_json",
    "write_records",
]
