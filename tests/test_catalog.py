"""Conformance of the catalogue against SGB VIII and the statistics code lists (domain 4, 5)."""

from __future__ import annotations

import json
import re

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sozialraum.catalog import (
    CASE_CLOSING_REASONS,
    CODE_LISTS,
    DANGER_FORMS,
    ENDING_REASONS,
    HELP_REASONS,
    HELP_TYPES,
    INITIATING_INSTITUTIONS,
    PROVIDER_KINDS,
    RISK_ASSESSMENT_RESULTS,
    CodeEntry,
    CodeList,
    Gender,
    HelpType,
    Setting,
    WorkType,
    code_list,
    help_type,
)
from sozialraum.errors import SozialraumError, UnknownCodeError, ValidationError

A, T, S, C = Setting.AMBULANT, Setting.SEMI_RESIDENTIAL, Setting.RESIDENTIAL, Setting.CRISIS

# The agreed catalogue: code -> setting (domain 4.1, 4.2) at the granularity of the federal
# statistics (domain 5.5): § 27 three ways, § 28 three ways, § 30 and § 33 two ways; no § 41.
EXPECTED_SETTINGS = {
    "13-3": S,
    "16": A,
    "19": S,
    "20": A,
    "27-ambulant": A,
    "27-out-of-home": S,
    "27-other": A,
    "28-family": A,
    "28-parents": A,
    "28-young-person": A,
    "29": A,
    "30-erziehungsbeistand": A,
    "30-betreuungshelfer": A,
    "31": A,
    "32": T,
    "33-general": S,
    "33-special": S,
    "34": S,
    "35-ambulant": A,
    "35": S,
    "35a-ambulant": A,
    "35a-day": T,
    "35a-foster": S,
    "35a-residential": S,
    "41a": A,
    "42": C,
    "42a": C,
}

# Residential help of the Teil I statistics (the documented out_of_home rule) ...
EXPECTED_OUT_OF_HOME = {
    "27-out-of-home",
    "33-general",
    "33-special",
    "34",
    "35",
    "35a-foster",
    "35a-residential",
}
# ... which contains akjstat's Fremdunterbringung (§ 33, § 34, stationary § 27(2), incl. § 41).
AKJSTAT_FREMDUNTERBRINGUNG = {"33-general", "33-special", "34", "27-out-of-home"}

NOT_HZE = {
    "13-3",
    "16",
    "19",
    "20",
    "35a-ambulant",
    "35a-day",
    "35a-foster",
    "35a-residential",
    "41a",
    "42",
    "42a",
}


def _section_key(h: HelpType) -> tuple[int, str]:
    number, letter = re.fullmatch(r"(\d+)([a-z]?)", h.section).groups()  # type: ignore[union-attr]
    return int(number), letter


# ------------------------------------------------------------------ help types: conformance


def test_help_type_codes_are_exactly_the_agreed_catalogue() -> None:
    assert set(HELP_TYPES) == set(EXPECTED_SETTINGS)


@pytest.mark.parametrize(("code", "setting"), sorted(EXPECTED_SETTINGS.items()))
def test_setting_per_help_type(code: str, setting: Setting) -> None:
    assert help_type(code).setting is setting


def test_every_paragraph_of_the_catalogue_is_present() -> None:
    sections = {h.section for h in HELP_TYPES.values()}
    assert sections == {
        "13", "16", "19", "20", "27", "28", "29", "30", "31", "32", "33", "34", "35", "35a",
        "41a", "42", "42a",
    }  # fmt: skip


def test_paragraph_strings_are_well_formed() -> None:
    pattern = re.compile(r"§ \d+[a-z]?( Abs\. \d+( Nr\. \d+)?| Satz \d)? SGB VIII")
    for h in HELP_TYPES.values():
        assert pattern.fullmatch(h.paragraph), h.code


def test_help_types_are_ordered_by_paragraph() -> None:
    keys = [_section_key(h) for h in HELP_TYPES.values()]
    assert keys == sorted(keys)


def test_mapping_keys_match_codes() -> None:
    assert all(code == h.code for code, h in HELP_TYPES.items())


def test_35a_in_its_four_forms() -> None:
    forms = {h.code: h for h in HELP_TYPES.values() if h.section == "35a"}
    assert sorted(h.paragraph for h in forms.values()) == [
        f"§ 35a Abs. 2 Nr. {n} SGB VIII" for n in (1, 2, 3, 4)
    ]
    assert help_type("35a-ambulant").setting is A
    assert help_type("35a-day").setting is T
    assert help_type("35a-foster").setting is S
    assert help_type("35a-residential").setting is S
    # § 35a is Eingliederungshilfe, reported separately from HzE (domain 5.5)
    assert all(h.eingliederungshilfe and not h.hze for h in forms.values())
    assert {h.statistics_type for h in forms.values()} == {"35a"}


def test_specialist_statement_exactly_for_35a() -> None:
    """§ 35a(1a): every § 35a help needs the statement of a physician/psychotherapist."""
    needing = {h.code for h in HELP_TYPES.values() if h.needs_specialist_statement}
    assert needing == {"35a-ambulant", "35a-day", "35a-foster", "35a-residential"}


def test_41_is_not_a_help_type() -> None:
    """The Teil I record layout has no § 41 code; a young adult's help has its own type."""
    assert not any(h.section == "41" for h in HELP_TYPES.values())
    assert not any(code.startswith("41-") for code in HELP_TYPES)


def test_young_adult_eligible_types_follow_41_2() -> None:
    """§ 41(2): § 27(3)/(4), §§ 28–30, 33–36 apply; § 31 and § 32 do not."""
    eligible = {h.section for h in HELP_TYPES.values() if h.young_adult_eligible}
    assert eligible == {"27", "28", "29", "30", "33", "34", "35", "35a"}
    assert not help_type("31").young_adult_eligible
    assert not help_type("32").young_adult_eligible


def test_41a_aftercare_has_no_start_age_rule() -> None:
    aftercare = help_type("41a")
    assert aftercare.setting is A
    assert not aftercare.young_adult_eligible
    assert not aftercare.hze


def test_official_granularity() -> None:
    """§ 30 and § 33 split as in the statistics; § 27 three ways; § 28 three ways."""
    assert {c for c in HELP_TYPES if c.startswith("30")} == {
        "30-erziehungsbeistand",
        "30-betreuungshelfer",
    }
    assert help_type("33-special").paragraph == "§ 33 Satz 2 SGB VIII"
    assert {c for c in HELP_TYPES if c.startswith("27")} == {
        "27-ambulant",
        "27-out-of-home",
        "27-other",
    }
    assert {c for c in HELP_TYPES if c.startswith("28")} == {
        "28-family",
        "28-parents",
        "28-young-person",
    }
    assert help_type("35-ambulant").statistics_type == "35"
    # only the § 27 types may be granted as family-oriented help (§ 27(2), § 99(1) Nr. 3)
    assert {h.code for h in HELP_TYPES.values() if h.family_orientable} == {
        "27-ambulant",
        "27-out-of-home",
        "27-other",
    }


def test_out_of_home_follows_the_documented_rule() -> None:
    for h in HELP_TYPES.values():
        teil_1 = h.hze or h.eingliederungshilfe
        assert h.out_of_home == (teil_1 and h.setting is S), h.code


def test_out_of_home_set_is_exact_and_contains_akjstat_fremdunterbringung() -> None:
    out = {h.code for h in HELP_TYPES.values() if h.out_of_home}
    assert out == EXPECTED_OUT_OF_HOME
    assert out >= AKJSTAT_FREMDUNTERBRINGUNG


@pytest.mark.parametrize("code", ["13-3", "19", "42", "42a", "32", "35a-day"])
def test_not_out_of_home(code: str) -> None:
    """Housing during training, mother-child housing, crisis placements and day care."""
    assert not help_type(code).out_of_home


def test_hze_statistics_membership() -> None:
    assert {h.code for h in HELP_TYPES.values() if not h.hze} == NOT_HZE


def test_crisis_placements_are_42_and_42a() -> None:
    assert {h.code for h in HELP_TYPES.values() if h.setting is C} == {"42", "42a"}


def test_family_oriented_is_31() -> None:
    assert {h.code for h in HELP_TYPES.values() if h.family_oriented} == {"31"}


def test_tagesgruppe_is_semi_residential() -> None:
    """[S64]: the child stays in the family; § 32 is teilstationär."""
    assert help_type("32").setting is T
    assert help_type("32").label_de == "Erziehung in einer Tagesgruppe"


# ------------------------------------------------------------------ help types: immutability


def test_help_types_mapping_is_read_only() -> None:
    with pytest.raises(TypeError):
        HELP_TYPES["99"] = help_type("29")  # type: ignore[index]


def test_help_type_is_frozen() -> None:
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        help_type("29").out_of_home = True  # type: ignore[misc]


def test_help_type_is_keyword_only() -> None:
    with pytest.raises(TypeError):
        HelpType(
            "x", "§ 1 SGB VIII", A, "x", "x", "x", False, False, False, False, False, False, False
        )  # type: ignore[call-arg]


# ------------------------------------------------------------------ unknown codes


@pytest.mark.parametrize(
    ("wrong", "suggestion"),
    [
        ("35A-Ambulant", "35a-ambulant"),
        ("§ 33", "33-general"),
        ("30", "30-erziehungsbeistand"),
        ("28 parents", "28-parents"),
        ("30_betreuungshelfer", "30-betreuungshelfer"),
        ("35a-foster-care", "35a-foster"),
        ("35a-stationär", "35a-residential"),
        ("33-General", "33-general"),
        ("0034", "34"),
        ("xyzzy-plugh", None),
    ],
)
def test_unknown_help_type_suggests(wrong: str, suggestion: str | None) -> None:
    with pytest.raises(UnknownCodeError) as info:
        help_type(wrong)
    err = info.value
    assert err.code_list == "help_types"
    assert err.code == wrong
    assert err.suggestion == suggestion
    if suggestion is not None:
        assert f"did you mean {suggestion!r}" in str(err)


def test_unknown_code_error_is_lookup_error_and_sozialraum_error() -> None:
    with pytest.raises(LookupError):
        help_type("99")
    with pytest.raises(SozialraumError):
        ENDING_REASONS.get("99")


def test_unknown_code_message_does_not_echo_the_value() -> None:
    """Messages are safe to log: a mistyped field may hold personal data."""
    with pytest.raises(UnknownCodeError) as info:
        help_type("Erika Mustermann")
    assert "Mustermann" not in str(info.value)


def test_non_string_code_is_unknown_with_suggestion() -> None:
    with pytest.raises(UnknownCodeError) as info:
        help_type(34)  # type: ignore[arg-type]
    assert info.value.suggestion == "34"
    with pytest.raises(UnknownCodeError):
        ENDING_REASONS.get(["10"])  # type: ignore[arg-type]


@given(st.text(max_size=30))
def test_help_type_lookup_either_finds_or_suggests_a_real_code(text: str) -> None:
    if text in HELP_TYPES:
        assert help_type(text).code == text
        return
    with pytest.raises(UnknownCodeError) as info:
        help_type(text)
    assert info.value.suggestion is None or info.value.suggestion in HELP_TYPES


@given(st.sampled_from(sorted(CODE_LISTS)), st.text(max_size=12))
def test_code_list_get_either_finds_or_suggests_a_real_code(name: str, text: str) -> None:
    cl = CODE_LISTS[name]
    if text in cl:
        assert cl.get(text).code == text
        return
    with pytest.raises(UnknownCodeError) as info:
        cl.get(text)
    assert info.value.code_list == name
    assert info.value.suggestion is None or info.value.suggestion in cl


def test_code_list_unknown_with_suggestion() -> None:
    with pytest.raises(UnknownCodeError) as info:
        INITIATING_INSTITUTIONS.get("03")
    assert info.value.code_list == "initiating_institutions"
    assert info.value.suggestion == "3"
    with pytest.raises(UnknownCodeError) as info:
        RISK_ASSESSMENT_RESULTS.get("akut")
    assert info.value.suggestion == "acute"


def test_code_list_lookup_by_name() -> None:
    assert code_list("danger_forms") is DANGER_FORMS
    with pytest.raises(UnknownCodeError) as info:
        code_list("helpreasons")
    assert info.value.code_list == "code_lists"
    assert info.value.suggestion == "help_reasons"
    assert isinstance(info.value, LookupError)


# ------------------------------------------------------------------ code lists: conformance


def test_code_lists_registry() -> None:
    assert set(CODE_LISTS) == {
        "help_reasons",
        "ending_reasons",
        "initiating_institutions",
        "provider_kinds",
        "places_of_delivery",
        "whereabouts",
        "family_situations",
        "subsequent_helps",
        "family_court_decisions",
        "risk_assessment_results",
        "danger_forms",
        "risk_notifiers",
        "danger_sources",
        "custody_kinds",
        "custody_grounds",
        "custody_placements",
        "custody_triggers",
        "custody_initiators",
        "custody_endings",
        "case_closing_reasons",
    }
    assert all(cl.name == name for name, cl in CODE_LISTS.items())
    with pytest.raises(TypeError):
        CODE_LISTS["x"] = HELP_REASONS  # type: ignore[index]


def test_help_reasons_codes() -> None:
    assert HELP_REASONS.codes == tuple(str(n) for n in range(10, 20))
    assert HELP_REASONS.get("19").label_de.startswith("Übernahme von einem anderen Jugendamt")


def test_ending_reasons_codes() -> None:
    assert ENDING_REASONS.codes == ("10", "20", "21", "22", "30", "40", "50")


def test_ending_reason_10_is_the_only_planned_one() -> None:
    assert [e.code for e in ENDING_REASONS if e.planned] == ["10"]


def test_ending_reason_40_is_the_only_transfer() -> None:
    assert [e.code for e in ENDING_REASONS if e.transfer] == ["40"]
    assert "Abgabe an ein anderes Jugendamt" in ENDING_REASONS.get("40").label_de


def test_initiating_institutions_codes() -> None:
    assert INITIATING_INSTITUTIONS.codes == tuple(str(n) for n in range(1, 9))


def test_provider_kinds_codes() -> None:
    assert PROVIDER_KINDS.codes == ("10", *(str(n) for n in range(21, 31)), "40")
    assert "§ 33" in PROVIDER_KINDS.get("40").label_de


def test_risk_assessment_results() -> None:
    assert RISK_ASSESSMENT_RESULTS.codes == ("acute", "latent", "help_needed", "no_help_needed")
    assert "[S87]" in RISK_ASSESSMENT_RESULTS.source


def test_danger_forms() -> None:
    assert DANGER_FORMS.codes == ("neglect", "psychological", "physical", "sexual")
    assert "[S88]" in DANGER_FORMS.source


def test_case_closing_reasons() -> None:
    assert CASE_CLOSING_REASONS.codes == (
        "planned",
        "not_as_planned",
        "transfer",
        "no_help_needed",
        "resolved_in_social_space",
        "other",
    )
    assert CASE_CLOSING_REASONS.version == "sozialraum-1"
    assert [e.code for e in CASE_CLOSING_REASONS if e.planned] == ["planned"]
    assert [e.code for e in CASE_CLOSING_REASONS if e.transfer] == ["transfer"]
    assert "§ 86c" in CASE_CLOSING_REASONS.get("transfer").label_de


@pytest.mark.parametrize(
    "cl",
    [
        HELP_REASONS,
        ENDING_REASONS,
        INITIATING_INSTITUTIONS,
        PROVIDER_KINDS,
        code_list("places_of_delivery"),
        code_list("whereabouts"),
        code_list("family_situations"),
        code_list("subsequent_helps"),
    ],
)
def test_statistics_lists_cite_ebkus_2007(cl: CodeList) -> None:
    assert cl.version == "ebkus-2007"
    assert "[S83]" in cl.source
    assert "2007" in cl.source


@pytest.mark.parametrize("cl", list(CODE_LISTS.values()), ids=list(CODE_LISTS))
def test_code_list_well_formed(cl: CodeList) -> None:
    assert cl.version
    assert cl.source
    assert cl.title_de
    assert cl.title_en
    assert len(set(cl.codes)) == len(cl.codes) == len(cl)
    assert [e.code for e in cl] == list(cl.codes)
    assert all(code in cl for code in cl.codes)
    assert all(cl.get(e.code) is e for e in cl)
    # planned and transfer exclude each other
    assert not any(e.planned and e.transfer for e in cl)


def test_flags_only_on_ending_and_closing_lists() -> None:
    flagged = {cl.name for cl in CODE_LISTS.values() if any(e.planned or e.transfer for e in cl)}
    assert flagged == {"ending_reasons", "case_closing_reasons", "custody_endings"}


def test_contains_is_false_for_non_strings() -> None:
    assert 10 not in ENDING_REASONS
    assert None not in ENDING_REASONS
    assert "10" in ENDING_REASONS


def test_code_list_rejects_duplicate_codes() -> None:
    entry = CodeEntry(code="1", label_de="eins", label_en="one")
    with pytest.raises(ValidationError) as info:
        CodeList(
            name="x", version="1", source="test", title_de="x", title_en="x", entries=[entry, entry]
        )
    assert info.value.codes == ("code_list.duplicate_code",)
    assert info.value.issues[0].path == "/entries/1/code"


def test_code_list_converts_entries_to_tuple_and_is_frozen() -> None:
    cl = CodeList(
        name="x",
        version="1",
        source="test",
        title_de="x",
        title_en="x",
        entries=[CodeEntry(code="1", label_de="eins", label_en="one")],
    )
    assert isinstance(cl.entries, tuple)
    assert cl == CodeList(
        name="x",
        version="1",
        source="test",
        title_de="x",
        title_en="x",
        entries=(CodeEntry(code="1", label_de="eins", label_en="one"),),
    )
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        cl.name = "y"  # type: ignore[misc]


# ------------------------------------------------------------------ labels


def _all_labels() -> list[tuple[str, str, str]]:
    """(where, German label, English label) for everything that has labels."""
    rows = [(f"help_type {h.code}", h.label_de, h.label_en) for h in HELP_TYPES.values()]
    for cl in CODE_LISTS.values():
        rows.append((f"{cl.name} title", cl.title_de, cl.title_en))
        rows += [(f"{cl.name} {e.code}", e.label_de, e.label_en) for e in cl]
    for enum_cls in (Setting, WorkType, Gender):
        rows += [(f"{enum_cls.__name__}.{m.name}", m.label_de, m.label_en) for m in enum_cls]
    return rows


@pytest.mark.parametrize(("where", "de", "en"), _all_labels())
def test_labels_present_and_tidy(where: str, de: str, en: str) -> None:
    for label in (de, en):
        assert label, where
        assert label == label.strip(), where
        assert "  " not in label, where


_TRANSLITERATED = re.compile(
    r"traeger|fuer|ueber|gemaess|muetter|vaeter|paritaet|familiaer|gefaehrd|uebernahme|"
    r"maennlich|stationaer|koerper|juedisch|oeffentlich|auffaellig|beruflisch",
    re.IGNORECASE,
)


@pytest.mark.parametrize(("where", "de", "en"), _all_labels())
def test_german_labels_use_umlauts_not_transliterations(where: str, de: str, en: str) -> None:
    assert not _TRANSLITERATED.search(de), where


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        (Setting.SEMI_RESIDENTIAL.label_de, "teilstationär"),
        (Setting.RESIDENTIAL.label_de, "stationär"),
        (WorkType.CASE_OVERARCHING.label_de, "fallübergreifend"),
        (Gender.MALE.label_de, "männlich"),
        (help_type("19").label_de, "Gemeinsame Wohnform für Mütter/Väter und Kinder"),
        (help_type("31").label_de, "Sozialpädagogische Familienhilfe"),
        (help_type("35a-residential").label_de, "über Tag und Nacht"),
        (help_type("42a").label_de, "Vorläufige Inobhutnahme von ausländischen"),
        (PROVIDER_KINDS.get("10").label_de, "Träger der öffentlichen Jugendhilfe"),
        (PROVIDER_KINDS.get("22").label_de, "Paritätischer"),
        (PROVIDER_KINDS.get("26").label_de, "jüdische"),
        (HELP_REASONS.get("15").label_de, "familiäre Konflikte"),
        (HELP_REASONS.get("18").label_de, "Schulische/berufliche Probleme"),
        (ENDING_REASONS.get("10").label_de, "gemäß Hilfeplan"),
        (RISK_ASSESSMENT_RESULTS.get("acute").label_de, "Kindeswohlgefährdung"),
        (DANGER_FORMS.get("physical").label_de, "körperliche"),
    ],
)
def test_german_labels_spelled_with_umlauts(label: str, expected: str) -> None:
    assert expected in label


def test_english_setting_label_from_the_brief() -> None:
    assert Setting.SEMI_RESIDENTIAL.label_en == "semi-residential"


# ------------------------------------------------------------------ enums: stable values


def test_setting_values_are_stable() -> None:
    assert [m.value for m in Setting] == ["ambulant", "semi_residential", "residential", "crisis"]


def test_work_type_values_are_stable() -> None:
    assert [m.value for m in WorkType] == ["case_specific", "case_overarching", "case_independent"]
    assert [m.label_de for m in WorkType] == [
        "fallspezifisch",
        "fallübergreifend",
        "fallunspezifisch",
    ]


def test_gender_values_are_stable() -> None:
    assert [m.value for m in Gender] == ["female", "male", "diverse", "not_stated"]
    assert [m.label_de for m in Gender] == ["weiblich", "männlich", "divers", "ohne Angabe"]


@pytest.mark.parametrize("member", [*Setting, *WorkType, *Gender])
def test_enum_members_are_plain_strings_in_data(member: Setting | WorkType | Gender) -> None:
    assert isinstance(member, str)
    assert str(member) == member.value
    assert f"{member}" == member.value
    assert json.dumps(member) == json.dumps(member.value)
    assert type(member)(member.value) is member
