"""The Sozialraumbericht as HTML: self-contained, escaped, and its numbers are the metrics'."""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal
from fractions import Fraction
from html.parser import HTMLParser
from pathlib import Path

import attrs
import pytest

from sozialraum import schema
from sozialraum.budget.demo import PREVIOUS_2024, TOTAL_2025, musterstadt_rules
from sozialraum.data import Sample, load_sample
from sozialraum.errors import ValidationError
from sozialraum.metrics import TOTAL, MetricTable, Status, metrics_report, to_decimal
from sozialraum.money import Money
from sozialraum.periods import Period
from sozialraum.report import CSP, INDICATORS, build_report, load_dataset, report_data, write_report
from sozialraum.report.data import default_year

HOSTILE = '<script>alert(1)</script>"\'=HYPERLINK("http://x")'


@pytest.fixture(scope="module")
def sample() -> Sample:
    return load_sample()


@pytest.fixture(scope="module")
def html_de() -> str:
    return build_report(year=2025, lang="de")


@pytest.fixture(scope="module")
def html_en() -> str:
    return build_report(year=2025, lang="en")


class Cells(HTMLParser):
    """Collects the text of every cell with data-metric, and the document's structure."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: list[tuple[dict[str, str], str]] = []
        self.tags: list[tuple[str, dict[str, str]]] = []
        self._open: dict[str, str] | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        self.tags.append((tag, values))
        if tag == "td" and "data-metric" in values:
            self._open, self._text = values, ""

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._open is not None:
            self.cells.append((self._open, self._text))
            self._open = None


def parse(html: str) -> Cells:
    p = Cells()
    p.feed(html)
    p.close()
    return p


# -- self-contained ---------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["de", "en"])
def test_report_requests_nothing(lang: str, html_de: str, html_en: str) -> None:
    html = html_de if lang == "de" else html_en
    assert f'<meta http-equiv="Content-Security-Policy" content="{CSP}">' in html
    assert "default-src 'none'" in CSP
    assert f'<html lang="{lang}">' in html
    for tag, values in parse(html).tags:
        assert tag not in ("script", "link", "img", "iframe", "object", "embed"), tag
        for name in ("src", "href", "xlink:href", "action", "srcset"):
            value = values.get(name, "")
            assert not re.match(r"\s*(https?:|//|file:|data:)", value, re.I), (tag, name, value)
            if name == "href" and value:
                assert value.startswith("#"), value
    assert not re.search(r"(src|href)\s*=\s*[\"']?\s*https?://", html, re.I)
    assert "@import" not in html
    assert "url(" not in html


def test_report_is_german_by_default(html_de: str) -> None:
    assert build_report(year=2025) == html_de
    assert "Sozialraumbericht 2025" in html_de
    assert "Datenstand 31.12.2025" in html_de
    assert "Jahresprognose" in html_de
    assert "Methoden und Definitionen" in html_de
    # German amounts, percentages with a decimal comma, dates
    assert "4.300.000,00 €" in html_de
    assert re.search(r">\d{1,3},\d %<", html_de)
    assert "01.10.2025" in html_de


def test_english_report(html_en: str) -> None:
    assert "Social space report 2025" in html_en
    assert "€4,300,000.00" in html_en
    assert re.search(r">\d{1,3}\.\d %<", html_en)
    assert "2025-10-01" in html_en


def test_print_styles_and_charts_with_text_alternatives(html_de: str) -> None:
    assert "@page{size:A4" in html_de
    assert "@media print" in html_de
    svgs = re.findall(r"<svg [^>]*>.*?</svg>", html_de, re.S)
    assert len(svgs) >= 5
    ids = set(re.findall(r' id="([^"]+)"', html_de))
    for svg in svgs:
        assert 'role="img"' in svg
        labelled = re.search(r'aria-labelledby="([^"]+)"', svg)
        assert labelled is not None
        for ref in labelled.group(1).split():
            assert ref in ids
        assert re.search(r"<title id=[^>]*>[^<]+</title>", svg)
        assert re.search(r"<desc id=[^>]*>[^<]+</desc>", svg)
    # each chart has its numbers in a table next to it or just above it
    for figure in re.findall(r'<div class="figure">(.*?)</div>', html_de, re.S):
        assert "<svg" in figure
    assert html_de.count("Die Zahlen des Diagramms") >= 2


# -- the numbers are the metrics API's ----------------------------------------------------------


def expected(row_value: object, kind: str, places: int) -> Decimal:
    if isinstance(row_value, Money):
        return row_value.to_decimal()
    assert isinstance(row_value, int | Fraction | Decimal)
    if kind == "share":
        return to_decimal(Fraction(row_value) * 100, places)
    return to_decimal(row_value, 2 if kind == "money" else places)


KINDS = {m: (kind, places) for m, _, kind, places in INDICATORS}
KINDS.update(
    setting_share=("share", 1),
    work_hours=("number", 0),
    work_cost=("money", 2),
    gas_plans_scored=("count", 0),
    gas_at_least_expected_share=("share", 1),
)


@pytest.fixture(scope="module")
def metrics_tables(sample: Sample) -> dict[tuple[int, int], MetricTable]:
    """``metrics_report`` per year, suppressed (threshold 2) and not (threshold 0)."""
    return {
        (y, threshold): metrics_report(
            sample.municipality,
            sample.cases,
            sample.work,
            period=Period.year(y),
            as_of=date(2026, 1, 1),
            threshold=threshold,
        )
        for y in (2024, 2025)
        for threshold in (0, 2)
    }


def test_every_number_in_the_report_is_the_metrics_value(
    html_de: str, metrics_tables: dict[tuple[int, int], MetricTable]
) -> None:
    cells = parse(html_de).cells
    assert len(cells) > 150
    withheld = 0
    for values, shown in cells:
        dims = dict(d.split("=") for d in values.get("data-dims", "").split(";") if d)
        year, metric, space = int(values["data-year"]), values["data-metric"], values["data-space"]
        exact = metrics_tables[year, 0].get(metric, space=space, **dims)
        published = metrics_tables[year, 2].get(metric, space=space, **dims)
        if published.status is Status.SUPPRESSED:
            assert shown == "."  # what the metrics withhold, the report withholds
        if shown == ".":
            withheld += 1
            continue
        if exact.status is Status.NOT_DEFINED:
            assert shown == "x"
            continue
        kind, places = KINDS[metric]
        number = Decimal(
            shown.replace("€", "").replace("%", "").strip().replace(".", "").replace(",", ".")
        )
        assert number == expected(exact.value, kind, places), (values, shown)
        if published.status is Status.OK:
            assert published.value == exact.value
    assert withheld  # the sample has small cells: the report withholds them too


def test_report_withholds_as_the_metrics_suppression_does(
    metrics_tables: dict[tuple[int, int], MetricTable],
) -> None:
    data = report_data(year=2025)
    for year in data.years:
        mine, theirs = data.tables[year], metrics_tables[year, 2]
        assert len(mine) == len(theirs)
        for a, b in zip(mine, theirs, strict=True):
            # one system: the report's protection is exactly the metrics' suppression
            assert a == b


def test_out_of_home_share_never_reveals_a_withheld_setting() -> None:
    data = report_data(year=2025)
    statuses = set()
    for year in data.years:
        for space in ("S-NORD", "S-MITTE", "S-SUED", "S-WEST", TOTAL):
            t = data.tables[year]
            a = t.get("out_of_home_share", space=space).status
            b = t.get("setting_share", space=space, setting="residential").status
            assert a == b
            statuses.add(a)
    assert Status.SUPPRESSED in statuses  # the sample has such a case


def test_budget_numbers_are_the_allocation_and_spending(html_de: str) -> None:
    data = report_data(year=2025)
    assert data.allocation is not None
    assert data.actual is not None
    for space, amount in data.allocation.by_space().items():
        assert f'data-budget="{space}">{amount.format_de()}</td>' in html_de
    for space, (_, spent) in data.actual.by_space().items():
        assert f'data-actual="{space}">{spent.format_de()}</td>' in html_de
    assert data.actual.period == Period.year(2025)
    assert data.outlook is not None
    assert data.outlook.today == date(2025, 10, 1)


def test_suppression_threshold_zero_shows_every_cell() -> None:
    html = build_report(year=2025, threshold=0)
    assert not any(text == "." for _, text in parse(html).cells)


# -- hostile data -------------------------------------------------------------------------------


def hostile_sample(sample: Sample) -> Sample:
    new_id = {sp.id: f"{sp.id}{HOSTILE}" for sp in sample.municipality.social_spaces}
    spaces = tuple(
        attrs.evolve(sp, id=new_id[sp.id], name=f"{sp.name} {HOSTILE}")
        for sp in sample.municipality.social_spaces
    )
    m = sample.municipality
    municipality = attrs.evolve(
        m,
        name=HOSTILE,
        social_spaces=spaces,
        providers=tuple(
            attrs.evolve(p, serves=tuple(new_id[x] for x in p.serves)) for p in m.providers
        ),
        teams=tuple(attrs.evolve(t, space_id=new_id[t.space_id]) for t in m.teams),
    )
    return Sample(
        municipality=municipality,
        cases=tuple(attrs.evolve(c, space_id=new_id[c.space_id]) for c in sample.cases),
        work=tuple(attrs.evolve(w, space_id=new_id[w.space_id]) for w in sample.work),
    )


@pytest.mark.parametrize("lang", ["de", "en"])
def test_hostile_names_and_ids_are_escaped(sample: Sample, lang: str) -> None:
    bad = hostile_sample(sample)
    rules = musterstadt_rules().entry_at(date(2025, 1, 1)).value
    rules = attrs.evolve(
        rules,
        name=HOSTILE,
        exclusions=tuple(attrs.evolve(e, name=HOSTILE) for e in rules.exclusions),
    )
    from sozialraum.budget import allocate
    from sozialraum.budget.inputs import provider_inputs, space_inputs

    previous = {f"{k}{HOSTILE}": v for k, v in PREVIOUS_2024.items()}
    allocation = allocate(
        TOTAL_2025,
        space_inputs(bad.municipality, previous=previous),
        rules,
        providers=provider_inputs(bad.cases, bad.work, period=Period.year(2024)),
    )
    html = build_report(bad, year=2025, lang=lang, allocation=allocation)
    assert "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#x27;=HYPERLINK(" in html
    assert 'HYPERLINK("' not in html
    assert html.count("&lt;script&gt;") >= 10
    # still a well-formed document: the parser sees no script and the same cells
    p = parse(html)
    assert all(tag != "script" for tag, _ in p.tags)
    assert {v["data-space"] for v, _ in p.cells} == {
        *(f"{k}{HOSTILE}" for k in PREVIOUS_2024),
        TOTAL,
    }


# -- data folders, the API and the command line ----------------------------------------------


def write_folder(folder: Path, budget: dict[str, object] | None = None) -> Path:
    from sozialraum.cli import main

    assert main(["sample", "--out", str(folder)], stdout=_Null(), stderr=_Null()) == 0
    if budget is not None:
        (folder / "budget.json").write_text(json.dumps(budget), "utf-8")
    return folder


class _Null:
    def write(self, _text: str) -> int:
        return 0


def musterstadt_budget() -> dict[str, object]:
    return {
        "year": 2025,
        "total": str(TOTAL_2025),
        "rule_set": schema.unstructure(musterstadt_rules().entry_at(date(2025, 1, 1)).value),
        "previous": {k: str(v) for k, v in PREVIOUS_2024.items()},
    }


def test_a_data_folder_gives_the_same_figures_as_the_sample(tmp_path: Path, sample: Sample) -> None:
    folder = write_folder(tmp_path / "data", musterstadt_budget())
    loaded, allocation, year = load_dataset(folder)
    assert year == 2025
    assert allocation is not None
    assert loaded == sample
    from_folder = build_report(loaded, year=2025, allocation=allocation)
    embedded = build_report(year=2025)
    assert parse(from_folder).cells == parse(embedded).cells
    assert allocation.by_space() == report_data(year=2025).allocation.by_space()  # type: ignore[union-attr]


def test_a_folder_without_budget_has_no_budget_section(tmp_path: Path) -> None:
    loaded, allocation, year = load_dataset(write_folder(tmp_path / "d"))
    assert allocation is None
    assert year is None
    html = build_report(loaded, year=2024, lang="en")
    assert "There is no social space budget for 2024." in html
    assert "The social spaces" in html


def test_invalid_folder_data_names_file_and_line(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "d")
    lines = (folder / "cases.jsonl").read_text("utf-8").splitlines()
    case = json.loads(lines[2])
    case["opened"] = "2025-02-30"
    lines[2] = json.dumps(case)
    (folder / "cases.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    with pytest.raises(ValidationError) as info:
        load_dataset(folder)
    assert info.value.issues[0].path.startswith("/cases.jsonl/2/")
    (folder / "municipality.json").write_text("{not json", "utf-8")
    with pytest.raises(ValidationError) as info:
        load_dataset(folder)
    assert info.value.issues[0].code == "json.invalid"
    (folder / "municipality.json").unlink()
    with pytest.raises(ValidationError) as info:
        load_dataset(folder)
    assert info.value.issues[0].code == "file.missing"
    with pytest.raises(ValidationError):
        load_dataset(tmp_path / "nowhere")


def test_bad_budget_file(tmp_path: Path) -> None:
    for budget, code in (
        ({"year": "2025"}, "type.integer"),
        ({**musterstadt_budget(), "previous": [1]}, "type.object"),
    ):
        folder = write_folder(tmp_path / code, budget)
        with pytest.raises(ValidationError) as info:
            load_dataset(folder)
        assert info.value.issues[0].code == code
    (tmp_path / "x").mkdir()
    folder = write_folder(tmp_path / "x")
    (folder / "budget.json").write_text("[]", "utf-8")
    with pytest.raises(ValidationError):
        load_dataset(folder)


@pytest.mark.parametrize("year", [True, "2025", 1800, 10000])
def test_bad_year(year: object) -> None:
    with pytest.raises(ValidationError) as info:
        report_data(year=year)  # type: ignore[arg-type]
    assert info.value.issues[0].code == "report.year"


def test_bad_language() -> None:
    with pytest.raises(ValidationError):
        build_report(year=2025, lang="fr")


def test_default_year_and_previous_years(sample: Sample) -> None:
    assert default_year(sample) == 2025
    assert report_data().year == 2025
    assert report_data(year=2024).years == (2024,)
    assert "Für das Jahr 2024 liegt kein Sozialraumbudget vor." in build_report(year=2024)
    with pytest.raises(ValidationError):
        default_year(Sample(municipality=sample.municipality, cases=(), work=()))


def test_write_report(tmp_path: Path, html_de: str) -> None:
    path = write_report(tmp_path / "bericht.html", year=2025)
    assert path.read_text("utf-8") == html_de


def test_command_line(tmp_path: Path, html_de: str) -> None:
    import io

    from sozialraum.cli import main

    out, err = io.StringIO(), io.StringIO()
    target = tmp_path / "bericht.html"
    assert main(["report", "--year", "2025", "--out", str(target)], stdout=out, stderr=err) == 0
    assert target.read_text("utf-8") == html_de
    assert out.getvalue().startswith(f"{target} geschrieben (")  # the report is German
    folder = write_folder(tmp_path / "data", musterstadt_budget())
    out = io.StringIO()
    assert main(["report", str(folder), "--lang", "en"], stdout=out, stderr=err) == 0
    assert "Social space report 2025" in out.getvalue()
    assert "Allocation of the budget" in out.getvalue()
    out = io.StringIO()
    assert (
        main(["report", str(folder), "--year", "2024", "--out", "-"], stdout=out, stderr=err) == 0
    )
    assert "kein Sozialraumbudget" in out.getvalue()
    err = io.StringIO()
    assert main(["report", str(tmp_path / "nowhere")], stdout=out, stderr=err) == 2
    assert "Ordner nicht gefunden" in err.getvalue()  # German, as the report
    (folder / "municipality.json").write_text("[]", "utf-8")
    err = io.StringIO()
    assert main(["report", str(folder)], stdout=out, stderr=err) == 1
    err = io.StringIO()
    bad_target = tmp_path / "no" / "such" / "dir" / "x.html"
    assert main(["report", "--out", str(bad_target)], stdout=out, stderr=err) == 2
    assert "kann nicht geschrieben werden" in err.getvalue()
