"""Rows and tables: rounding at presentation, CSV, JSON and pandas export."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from fractions import Fraction

import pytest

from sozialraum.errors import MissingDependencyError
from sozialraum.metrics import MetricTable, Row, Status, to_decimal
from sozialraum.money import Money

ROWS = MetricTable(
    [
        Row(
            metric="rate",
            dimensions=(("space", "N"), ("year", "2024")),
            value=Fraction(2, 3),
            numerator=2,
            denominator=3,
            unit="share",
            support=3,
            basis="b",
        ),
        Row(
            metric="spending",
            dimensions=(("space", "N"),),
            value=Money.parse("12.50"),
            numerator=Money.parse("12.50"),
            unit="EUR",
            support=4,
            basis="c",
        ),
        Row(
            metric="rate",
            dimensions=(("space", "S"), ("year", "2024")),
            unit="share",
            status=Status.NOT_DEFINED,
            numerator=0,
            denominator=0,
            note="count.zero",
        ),
        Row(metric="t", dimensions=(("space", "S"),), value=Decimal("50.125"), unit="T-score"),
    ]
)


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (Fraction(1, 8), 2, "0.13"),  # half up
        (Fraction(-1, 8), 2, "-0.13"),  # away from zero
        (Fraction(1, 3), 0, "0"),
        (Decimal("2.5"), 0, "3"),
        (7, 2, "7.00"),
        (Money.parse("-1.05"), 0, "-1.05"),
    ],
)
def test_to_decimal(value: Fraction | Decimal | int | Money, places: int, expected: str) -> None:
    assert str(to_decimal(value, places)) == expected


def test_display_and_accessors() -> None:
    rate, money, undefined, t = ROWS.rows
    assert rate.display(3) == "0.667"
    assert money.display() == "12.50"
    assert undefined.display() == "x"
    assert t.display(2) == "50.13"
    assert rate.dimension("year") == "2024"
    assert money.dimension("year") is None
    assert rate.is_ok
    assert not undefined.is_ok
    assert ROWS.metrics == ("rate", "spending", "t")
    assert ROWS.dimension_names == ("space", "year")
    assert len(ROWS.where("rate")) == 2
    assert len(ROWS.where(space="S")) == 2
    with pytest.raises(LookupError):
        ROWS.get("rate", space="N")  # no row has exactly these dimensions
    assert (ROWS + ROWS).rows == ROWS.rows * 2
    assert ROWS.__add__(3) is NotImplemented  # type: ignore[operator]


def test_csv() -> None:
    stream = io.StringIO()
    text = ROWS.to_csv(stream, places=2)
    assert stream.getvalue() == text
    assert text.splitlines() == [
        "space,year,metric,value,numerator,denominator,unit,n,status,note",
        "N,2024,rate,0.67,2,3,share,3,ok,",
        "N,,spending,12.50,12.50,,EUR,4,ok,",
        "S,2024,rate,,0,0,share,,not_defined,count.zero",
        "S,,t,50.13,,,T-score,,ok,",
    ]


def test_json_keeps_exact_numbers_as_strings() -> None:
    records = json.loads(ROWS.to_json(places=3))
    assert records[0] == {
        "space": "N",
        "year": "2024",
        "metric": "rate",
        "value": "0.667",
        "numerator": 2,
        "denominator": 3,
        "unit": "share",
        "n": 3,
        "status": "ok",
        "note": None,
    }
    assert records[1]["value"] == "12.50"
    assert records[1]["year"] is None


def test_dataframe() -> None:
    pd = pytest.importorskip("pandas")
    frame = ROWS.to_dataframe()
    assert list(frame.columns) == [
        "space",
        "year",
        "metric",
        "value",
        "numerator",
        "denominator",
        "unit",
        "n",
        "status",
        "note",
    ]
    assert frame["value"].iloc[0] == pytest.approx(2 / 3)
    assert frame["value"].iloc[1] == 12.5
    assert pd.isna(frame["value"].iloc[2])
    exact = ROWS.to_dataframe(exact=True)
    assert exact["value"].iloc[0] == Fraction(2, 3)


def test_dataframe_without_pandas(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    real = importlib.import_module

    def fake(name: str, package: str | None = None) -> object:
        if name == "pandas":
            raise ImportError(name)
        return real(name, package)

    monkeypatch.setattr(importlib, "import_module", fake)
    with pytest.raises(MissingDependencyError, match=r"sozialraum\[pandas\]") as err:
        ROWS.to_dataframe()
    assert isinstance(err.value, ImportError)
