"""The message catalogue: every key in German and English, with the same parameters, and the
committed gettext files in step with each other."""

from __future__ import annotations

import ast
import gettext
import importlib
import io
import pkgutil
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import sozialraum
from sozialraum import messages
from sozialraum.errors import (
    AllocationError,
    Issue,
    MissingDependencyError,
    OutOfRangeError,
    TransitionError,
    UnknownCodeError,
    ValidationError,
)
from sozialraum.money import Money

LOCALE = Path(messages.__file__).parent / "locale"
PO = LOCALE / "de" / "LC_MESSAGES" / "sozialraum.po"
MO = PO.with_suffix(".mo")
WORKFLOW = "see docs/translating.rst: pybabel extract, update, translate, compile"


def _import_everything() -> None:
    """Import every module of sozialraum, so every messages.define has run."""
    import sozialraum.records

    for info in pkgutil.walk_packages(sozialraum.__path__, "sozialraum."):
        if info.name.endswith("__main__"):
            continue
        try:
            importlib.import_module(info.name)
        except ImportError:  # an optional extra that is not installed
            continue


_import_everything()


# -- a small, strict reader of .po files (no dependency) ----------------------------------


def _unquote(text: str) -> str:
    value = ast.literal_eval(text)
    assert isinstance(value, str)
    return value


def read_po(path: Path) -> dict[tuple[str | None, str], tuple[str, bool]]:
    """``{(msgctxt, msgid): (msgstr, fuzzy)}`` of the active (not obsolete) entries."""
    entries: dict[tuple[str | None, str], tuple[str, bool]] = {}
    fields: dict[str, str] = {}
    fuzzy = False
    current = ""

    def flush() -> None:
        nonlocal fields, fuzzy
        if fields.get("msgid"):
            key = (fields.get("msgctxt"), fields["msgid"])
            assert key not in entries, f"duplicate entry {key}"
            entries[key] = (fields.get("msgstr", ""), fuzzy)
        fields, fuzzy = {}, False

    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            flush()
        elif line.startswith("#~"):
            continue  # obsolete
        elif line.startswith("#,"):
            fuzzy = fuzzy or "fuzzy" in line
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            fields[current] += _unquote(line)
        else:
            keyword, _, rest = line.partition(" ")
            if keyword == "msgctxt" and "msgid" in fields:
                flush()
            current = keyword
            fields[keyword] = _unquote(rest)
    flush()
    return entries


PO_ENTRIES = read_po(PO)


def _german(key: str) -> str | None:
    english = messages.template(key)
    assert english is not None
    found = PO_ENTRIES.get((key, english))
    if found is None or found[1] or not found[0]:
        return None
    return found[0]


# -- completeness -------------------------------------------------------------------------


def test_the_catalogue_is_not_empty():
    assert len(messages.codes()) > 150
    assert "date.invalid" in messages.codes()


def test_every_key_has_a_german_translation():
    missing = [k for k in messages.codes() if _german(k) is None]
    listing = "\n".join(f"  {k}: {messages.template(k)!r}" for k in missing)
    assert not missing, (
        f"{len(missing)} message key(s) without a German translation in {PO.name} "
        f"({WORKFLOW}):\n{listing}"
    )


def test_every_translation_has_exactly_the_parameters_of_its_template():
    wrong = []
    for key in messages.codes():
        german = _german(key)
        english = messages.template(key)
        assert english is not None
        if german is not None and messages.fields(german) != messages.fields(english):
            wrong.append(
                f"  {key}: English {sorted(messages.fields(english))}, "
                f"German {sorted(messages.fields(german))}"
            )
    assert not wrong, "translations whose parameters differ:\n" + "\n".join(wrong)


def test_no_stale_translations():
    """Every active entry of the .po file belongs to a defined key and its current
    template (run ``pybabel update`` after changing or removing a template)."""
    stale = [
        f"  {ctx}: {msgid!r}"
        for (ctx, msgid) in PO_ENTRIES
        if ctx is None or messages.template(ctx) != msgid
    ]
    assert not stale, "entries of keys that are gone or changed:\n" + "\n".join(stale)


def test_every_template_renders_in_both_languages():
    for key in messages.codes():
        english = messages.template(key)
        assert english is not None
        params = dict.fromkeys(messages.fields(english), "x")
        for lang in messages.LANGUAGES:
            text = messages.render(key, params, lang)
            assert text.strip()
            assert "{" not in text.replace("{x}", "") or "{{" in english


def test_keys_are_codes_with_an_optional_variant():
    for key in messages.codes():
        assert re.fullmatch(r"[a-z0-9_]+(\.[a-z0-9_]+)+(#[a-z0-9_]+)?", key), key


# -- the committed .mo is the compiled .po -------------------------------------------------


def _mo_catalog(data: bytes) -> dict[str, str]:
    translations = gettext.GNUTranslations(io.BytesIO(data))
    catalog = dict(translations._catalog)  # type: ignore[attr-defined]
    catalog.pop("", None)  # the header
    return catalog


def test_the_committed_mo_holds_exactly_the_translations_of_the_po():
    expected = {
        (f"{ctx}\x04{msgid}" if ctx else msgid): msgstr
        for (ctx, msgid), (msgstr, fuzzy) in PO_ENTRIES.items()
        if msgstr and not fuzzy
    }
    assert _mo_catalog(MO.read_bytes()) == expected, (
        f"{MO.name} is out of date: pybabel compile -d {LOCALE} -D sozialraum"
    )


def test_babel_compiles_the_po_to_the_committed_mo():
    pofile = pytest.importorskip("babel.messages.pofile")
    mofile = pytest.importorskip("babel.messages.mofile")
    with PO.open("rb") as handle:
        catalog = pofile.read_po(handle)
    buffer = io.BytesIO()
    mofile.write_mo(buffer, catalog)
    assert _mo_catalog(buffer.getvalue()) == _mo_catalog(MO.read_bytes())


# -- rendering ----------------------------------------------------------------------------


def test_render_in_german_and_english():
    assert messages.render("json.too_deep", {"limit": 64}, "en") == (
        "the document is nested deeper than 64 levels"
    )
    assert messages.render("json.too_deep", {"limit": 64}, "de") == (
        "das Dokument ist tiefer als 64 Ebenen verschachtelt"
    )


def test_unknown_language_is_a_validation_error():
    with pytest.raises(ValidationError) as info:
        messages.render("json.too_deep", {"limit": 64}, "fr")
    assert info.value.codes == ("lang.unknown",)


def test_undefined_key_is_a_key_error():
    with pytest.raises(KeyError):
        messages.render("no.such_key", {})


@pytest.mark.parametrize(
    ("value", "de", "en"),
    [
        (64, "64", "64"),
        (2024, "2024", "2024"),
        (12500, "12.500", "12500"),
        (-1234567, "-1.234.567", "-1234567"),
        (Decimal("0.25"), "0,25", "0.25"),
        (Decimal("12345.5"), "12.345,5", "12345.5"),
        (date(2024, 12, 31), "31.12.2024", "2024-12-31"),
        (Money.parse("1234.56"), "1.234,56 €", "€1,234.56"),
        ("case_specific", "case_specific", "case_specific"),
        (True, "True", "True"),
    ],
)
def test_parameters_are_formatted_in_the_language(value, de, en):
    assert messages.format_param(value, "de") == de
    assert messages.format_param(value, "en") == en


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_german_integers_read_back(n):
    text = messages.format_param(n, "de")
    assert int(text.replace(".", "")) == n
    assert ("." in text) == (abs(n) >= 10_000)


def test_a_nested_message_follows_the_outer_language():
    reason = messages.Text("history.out_of_order", ())
    params = {"reason": reason, "code": "history.out_of_order"}
    assert messages.render("case_file.refused", params, "de").startswith("das Ereignis ist vor")
    assert messages.render("case_file.refused", params, "en").startswith("the event is dated")


def test_define_refuses_a_second_template_for_a_key():
    messages.define("test.only_once", "one text")
    messages.define("test.only_once", "one text")
    with pytest.raises(ValueError, match="already defined"):
        messages.define("test.only_once", "another text")


def test_code_of_a_key():
    assert messages.code_of("date.invalid#calendar") == "date.invalid"
    assert messages.code_of("date.invalid") == "date.invalid"


# -- the language of the environment ------------------------------------------------------


@pytest.mark.parametrize(
    ("environ", "lang"),
    [
        ({}, "en"),
        ({"LANG": "de_DE.UTF-8"}, "de"),
        ({"LANG": "de_AT"}, "de"),
        ({"LANG": "de"}, "de"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "POSIX"}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, "en"),
        ({"LANG": "de_DE.UTF-8", "LC_MESSAGES": "en_US.UTF-8"}, "en"),
        ({"LANG": "en_US.UTF-8", "LC_MESSAGES": "de_DE.UTF-8"}, "de"),
        ({"LC_MESSAGES": "de_DE", "LC_ALL": "en_GB.UTF-8"}, "en"),
        ({"LANG": "en_US.UTF-8", "LANGUAGE": "fr:de"}, "de"),
        ({"LANG": "de_DE.UTF-8", "LANGUAGE": "fr"}, "de"),
        ({"LANG": "", "LC_ALL": ""}, "en"),
        ({"LANG": "de_DE.UTF-8@euro"}, "de"),
    ],
)
def test_language_from_env(environ, lang):
    assert messages.language_from_env(environ) == lang


def test_language_from_env_reads_os_environ(monkeypatch):
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    assert messages.language_from_env() == "de"


# -- issues and errors in both languages --------------------------------------------------


def test_issue_of_carries_code_params_and_key():
    issue = Issue.of("/a", "number.range#between", minimum=1, maximum=12000)
    assert issue.code == "number.range"
    assert issue.key == "number.range#between"
    assert issue.message == "must be from 1 to 12000"
    assert issue.message_in("de") == "muss von 1 bis 12.000 reichen"
    assert issue.message_in("en") == issue.message
    assert issue.line_in("de") == "/a: muss von 1 bis 12.000 reichen [number.range]"


def test_a_hand_written_issue_keeps_its_message():
    issue = Issue("/a", "date.invalid", "a message written by hand")
    assert issue.message_in("de") == "a message written by hand"
    undefined = Issue("/a", "no.such_code", "text")
    assert undefined.message_in("de") == "text"


def test_a_hand_written_issue_with_the_catalogue_text_is_translated():
    issue = Issue("/a", "date.invalid", "expected a date written as YYYY-MM-DD")
    assert issue.message_in("de") == "erwartet ein Datum der Form JJJJ-MM-TT"


def test_issue_to_dict_in_a_language():
    issue = Issue.of("", "key.missing")
    assert issue.to_dict()["message"] == "this key is required"
    assert issue.to_dict("de")["message"] == "dieser Schlüssel ist erforderlich"


def test_issue_equality_ignores_the_key():
    assert Issue.of("", "date.invalid#calendar") == Issue(
        "", "date.invalid", "not a valid calendar date"
    )


def test_validation_error_in_german():
    err = ValidationError([Issue.of("/x", "key.missing"), Issue.of("/y", "type.string")])
    assert err.message_in("de") == (
        "2 Probleme:\n  /x: dieser Schlüssel ist erforderlich [key.missing]\n"
        "  /y: erwartet eine Zeichenkette [type.string]"
    )
    assert err.render("de") == err.message_in("de")
    assert str(err).startswith("2 issues:\n  /x: this key is required")
    single = ValidationError.single("/x", "key.missing")
    assert single.message_in("de").startswith("1 Problem:\n")


def test_validation_error_single_still_takes_a_message():
    err = ValidationError.single("/x", "some.code", "a message")
    assert err.issues == (Issue("/x", "some.code", "a message"),)


def test_unknown_code_error_in_german():
    err = UnknownCodeError("help_types", "99", "29")
    assert str(err) == "unknown code in code list 'help_types'; did you mean '29'?"
    assert err.message_in("de") == (
        "unbekannter Code in der Codeliste 'help_types'; meinten Sie '29'?"
    )


def test_transition_error_in_german():
    err = TransitionError(
        state="open",
        event="Opened",
        guard=None,
        code="transition.not_allowed",
        reason="the process has no transition for this event in this state",
    )
    assert err.message_in("de") == (
        "Opened im Zustand 'open' abgelehnt: der Prozess hat für dieses Ereignis in diesem "
        "Zustand keinen Übergang [transition.not_allowed]"
    )
    custom = TransitionError(
        state="s", event="E", guard="g", code="my.code", reason="written by hand"
    )
    assert custom.message_in("de") == (
        "E im Zustand 's' von der Prüfregel 'g' abgelehnt: written by hand [my.code]"
    )
    assert custom.reason_text() == "written by hand"


def test_allocation_error_in_german():
    err = AllocationError("need", "weight.negative#key", key="Nord")
    assert err.code == "weight.negative"
    assert str(err) == "need: weight of 'Nord' must not be negative [weight.negative]"
    assert err.message_in("de") == (
        "need: das Gewicht von 'Nord' darf nicht negativ sein [weight.negative]"
    )
    legacy = AllocationError("r", "some.code", "by hand")
    assert legacy.message_in("de") == "r: by hand [some.code]"


def test_out_of_range_and_missing_dependency_in_german():
    err = MissingDependencyError("numpy", "numpy", "x")
    assert "pip install 'sozialraum[numpy]'" in err.message_in("de")
    assert err.message_in("de").startswith("x braucht das optionale Paket 'numpy'")
    legacy = OutOfRangeError("p", "no value then")
    assert str(legacy) == "no value then" == legacy.message_in("de")


def test_every_define_in_the_source_is_extractable():
    """pybabel finds ``messages.define(KEY, TEMPLATE)`` only with literal strings."""
    src = Path(sozialraum.__file__).parent
    bad = []
    for path in sorted(src.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "define"
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "messages"
                and not all(isinstance(a, ast.Constant) for a in node.args[:2])
            ):
                bad.append(f"{path.relative_to(src)}:{node.lineno}")
    assert not bad, "messages.define with non-literal arguments: " + ", ".join(bad)


def test_leaf_errors_from_the_catalogue_and_by_hand():
    from sozialraum.schema._converter import LeafError

    assert LeafError("date.invalid#calendar").issue == Issue.of("", "date.invalid#calendar")
    legacy = LeafError("x.code", "written by hand", "/a")
    assert legacy.issue == Issue("/a", "x.code", "written by hand")
    assert legacy.code == "x.code"
