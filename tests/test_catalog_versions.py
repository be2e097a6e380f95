"""Help scopes, catalogue versions and loading an office's code lists (issue 10)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sozialraum import catalog, schema
from sozialraum.catalog import (
    CATALOG,
    EINGLIEDERUNGSHILFE,
    HELP_TYPES,
    HZE,
    HZE_HELP_TYPES,
    HZE_LOCAL,
    HZE_PLUS,
    SCOPES,
    CatalogVersion,
    CodeList,
    load_catalog,
    scope,
)
from sozialraum.errors import UnknownCodeError, ValidationError
from sozialraum.model import Help, RiskAssessment
from sozialraum.money import Money
from sozialraum.periods import Period

# ------------------------------------------------------------------ scopes (defect 1)


def test_hze_is_the_destatis_total_without_35a() -> None:
    """Destatis "HzE insgesamt" = §§ 27–35 plus § 41; § 35a is reported separately."""
    assert HZE.codes == HZE_HELP_TYPES
    assert {HELP_TYPES[c].section for c in HZE.codes} == {
        "27", "28", "29", "30", "31", "32", "33", "34", "35",
    }  # fmt: skip
    assert not any(c.startswith("35a") for c in HZE.codes)


def test_35a_is_not_in_hze() -> None:
    """Statute example of issue 10: § 35a is not in ``hze``."""
    for code in ("35a-ambulant", "35a-day", "35a-foster", "35a-residential"):
        assert code not in scope("hze")
        assert code in scope("eingliederungshilfe")
        assert code in scope("hze_plus")


def test_scopes_relate_as_documented() -> None:
    assert HZE_LOCAL.codes == HZE.codes - {"28-family", "28-parents", "28-young-person"}
    assert HZE_PLUS.codes == HZE.codes | EINGLIEDERUNGSHILFE.codes
    assert not HZE.codes & EINGLIEDERUNGSHILFE.codes
    assert set(SCOPES) == {"hze", "hze_local", "eingliederungshilfe", "hze_plus"}
    # no crisis placement, aftercare or other service is in any scope
    for s in SCOPES.values():
        assert not s.codes & {"13-3", "16", "19", "20", "41a", "42", "42a"}


@pytest.mark.parametrize("name", sorted(SCOPES))
def test_every_scope_cites_its_source(name: str) -> None:
    s = scope(name)
    assert s.name == name
    assert s.source
    assert s.title_en
    doc = {
        "hze": catalog.HZE,
        "hze_local": catalog.HZE_LOCAL,
        "eingliederungshilfe": catalog.EINGLIEDERUNGSHILFE,
        "hze_plus": catalog.HZE_PLUS,
    }[name]
    assert doc is s


def test_scope_docs_cite_destatis_and_akjstat() -> None:
    assert "616" in HZE.source
    assert "Destatis" in HZE.source
    assert "akjstat" in HZE_LOCAL.source
    assert "§ 28" in HZE_LOCAL.source
    assert "90.2" in EINGLIEDERUNGSHILFE.source


def test_unknown_scope_suggests() -> None:
    with pytest.raises(UnknownCodeError) as info:
        scope("hze-local")
    assert info.value.suggestion == "hze_local"


# ------------------------------------------------------------------ versions


def test_every_shipped_list_has_validity_source_and_verification() -> None:
    for cl in CATALOG:
        assert cl.valid_from is None or 2000 <= cl.valid_from <= 2030, cl.name
        assert cl.source
        assert isinstance(cl.verified, bool)
    verified = {cl.name for cl in CATALOG if cl.verified}
    assert {"help_reasons", "places_of_delivery", "custody_grounds"} <= verified
    assert {"risk_notifiers", "danger_sources", "family_court_decisions"}.isdisjoint(verified)


def test_valid_in_by_reporting_year() -> None:
    cl = CodeList(
        name="x", version="1", source="s", title_de="x", title_en="x", entries=(),
        valid_from=2020, valid_to=2022,
    )  # fmt: skip
    assert [y for y in range(2018, 2025) if cl.valid_in(y)] == [2020, 2021, 2022]
    with pytest.raises(ValidationError) as info:
        CodeList(
            name="x", version="1", source="s", title_de="x", title_en="x", entries=(),
            valid_from=2022, valid_to=2020,
        )  # fmt: skip
    assert info.value.issues[0].code == "code_list.validity"


def test_catalog_version_rejects_duplicate_lists() -> None:
    with pytest.raises(ValidationError) as info:
        CatalogVersion(name="x", source="y", code_lists=(catalog.HELP_REASONS,) * 2)
    assert [(i.path, i.code) for i in info.value.issues] == [
        ("/code_lists/1/name", "catalog.duplicate_list")
    ]


def test_catalog_round_trips_through_the_schema_door() -> None:
    doc = schema.unstructure(CATALOG)
    assert "_by_name" not in doc
    assert "_by_code" not in doc["code_lists"][0]
    assert schema.structure(json.loads(json.dumps(doc)), CatalogVersion) == CATALOG


# ------------------------------------------------------------------ loading an office's lists

OFFICE_TOML = """
name = "landesamt-2024"
source = "Statistisches Landesamt, Erhebungsbogen 2024"
valid_from = 2024

[[code_lists]]
name = "danger_sources"
version = "2024"
source = "Erhebungsbogen 2024, Merkmal 12"
title_de = "Person, von der die Gefährdung ausgeht"
title_en = "person from whom the danger comes"
valid_from = 2024
verified = true
entries = [
  { code = "1", label_de = "Mutter", label_en = "mother" },
  { code = "2", label_de = "Vater", label_en = "father" },
]
"""


def test_load_catalog_from_toml_replaces_named_lists(tmp_path: Path) -> None:
    path = tmp_path / "office.toml"
    path.write_text(OFFICE_TOML, encoding="utf-8")
    office = load_catalog(path)
    assert office.name == "landesamt-2024"
    assert office.valid_from == 2024
    assert office.code_list("danger_sources").codes == ("1", "2")
    assert office.code_list("danger_sources").verified
    # lists the file does not name come from the shipped catalogue
    assert office.code_list("help_reasons") is catalog.HELP_REASONS
    only = load_catalog(path, base=None)
    assert [cl.name for cl in only] == ["danger_sources"]


def test_load_catalog_from_json(tmp_path: Path) -> None:
    path = tmp_path / "office.json"
    path.write_text(json.dumps(schema.unstructure(CATALOG)), encoding="utf-8")
    assert load_catalog(path, base=None) == CATALOG


def test_validate_against_an_office_catalogue(tmp_path: Path) -> None:
    path = tmp_path / "office.toml"
    path.write_text(OFFICE_TOML, encoding="utf-8")
    office = load_catalog(path)
    ra = RiskAssessment(
        id="R1", concluded_on=Period.year(2024).start, result="acute", danger_from=("mother",)
    )
    assert [(i.path, i.code) for i in office.check(ra)] == [
        ("/danger_from/0", "catalog.unknown_code")
    ]
    assert CATALOG.check(ra) == ()
    h = Help(
        id="H1", help_type="31", provider_id="T", period=Period.year(2024),
        monthly_cost=Money(cents=0), ending_reason="10", main_reason="12",
    )  # fmt: skip
    assert office.check(h) == ()


@pytest.mark.parametrize(
    ("name", "text", "code"),
    [
        ("bad.toml", "name = ", "catalog.toml_invalid"),
        ("bad.json", "{", "json.invalid"),
        ("bad.yaml", "name: x", "catalog.file_format"),
        ("bad.toml", 'name = "x"\nsource = 3', "type.string"),
    ],
)
def test_bad_catalogue_files_give_issues(tmp_path: Path, name: str, text: str, code: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        load_catalog(path)
    assert code in {i.code for i in info.value.issues}


def test_missing_catalogue_file(tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as info:
        load_catalog(tmp_path / "none.toml")
    assert info.value.issues[0].code == "catalog.unreadable"


def test_bad_catalogue_entries_are_located() -> None:
    doc = schema.unstructure(CATALOG)
    doc["code_lists"][2]["entries"][1]["code"] = doc["code_lists"][2]["entries"][0]["code"]
    doc["code_lists"][3]["valid_to"] = 1990
    with pytest.raises(ValidationError) as info:
        load_catalog(doc)
    assert [(i.path, i.code) for i in info.value.issues] == [
        ("/code_lists/2/entries/1/code", "code_list.duplicate_code"),
        ("/code_lists/3/valid_to", "code_list.validity"),
    ]


@given(
    st.recursive(
        st.none() | st.integers() | st.text(max_size=5),
        lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=5), c, max_size=3),
        max_leaves=10,
    )
)
def test_load_catalog_never_crashes_on_garbage(data: object) -> None:
    doc = {"name": "x", "source": "y", "code_lists": data}
    issues = schema.validate(doc, CatalogVersion)
    assert all(i.path.startswith("/") or i.path == "" for i in issues)
    if not issues:
        assert isinstance(load_catalog(doc), CatalogVersion)
