"""The migrations from schema 1.0 to 2.0 (issue 10: the statutory data model).

What changed, and how 1.0 documents are read:

* **Help types.** The § 41 codes are gone (a young adult's help is reported under its own
  type): ``41-ambulant`` → ``27-ambulant``, ``41-semi-residential`` → ``27-other`` (§ 41(2)
  does not provide § 32), ``41-residential`` → ``27-out-of-home``, each with
  ``young_adult: true`` and a ``migrate.young_adult_help_type`` issue (record the help's own
  type). ``27-2`` → ``27-ambulant`` and ``27-2-residential`` → ``27-out-of-home`` (same
  meaning); ``27-3`` → ``27-other``, ``28`` → ``28-family``, ``30`` →
  ``30-erziehungsbeistand``, ``33`` → ``33-general`` with ``migrate.help_type_refined`` (the
  statistics distinguish forms 1.0 did not record). In lists of help types (scenario
  filters, rule filters) and in process parameters an old code stands for *all* its forms.
* **Case.** The case-level ``reasons`` become each help's ``main_reason`` (the first) and
  ``further_reasons`` (the next two, repeats removed); more than three, or reasons of a case
  without helps, are issues. ``initiated_by`` moves to each help. A help of a type § 41(2)
  provides, for a person of 18 or older at its start, now counts as a young adult's help
  (``migrate.young_adult_derived``); from 21 without a justification it keeps ``young_adult:
  false`` (``migrate.young_adult_kept_off``), so the document stays valid.
* **Other records** naming help types (simulation parameters and studies, budget rule
  sets, the events of case files) get the new codes (:func:`migrate_codes`).
* **Risk assessment.** ``initiated_by`` (the help statistic's list) becomes ``notified_by``
  (the § 8a statistic's own list) by the nearest category (``migrate.notifier_mapped``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from .. import catalog, messages
from ..errors import Issue, escape_pointer_token
from ..periods import age_on
from ._migrate import register_migration

__all__: list[str] = []

_REFINED = messages.define(
    "migrate.help_type_refined",
    "the 1.0 help type {old} became {new}: the statistics distinguish forms 1.0 did not "
    "record; check the form",
)
_YOUNG_ADULT_TYPE = messages.define(
    "migrate.young_adult_help_type",
    "the 1.0 § 41 help type {old} became {new} with young_adult set: record the help's own "
    "type (§ 41 Abs. 2)",
)
_REASONS_MOVED = messages.define(
    "migrate.reasons_moved",
    "the case's reasons are now recorded per help: the first became each help's main reason",
)
_REASONS_EXCESS = messages.define(
    "migrate.reasons_excess",
    "a help records at most {limit} reasons: this reason could not be carried over",
)
_REASONS_REPEATED = messages.define(
    "migrate.reasons_repeated", "a repeated reason was recorded once"
)
_REASONS_NO_HELP = messages.define(
    "migrate.reasons_without_help",
    "reasons are recorded per help and the case has none: they could not be carried over",
)
_INITIATOR_MOVED = messages.define(
    "migrate.initiator_moved", "who suggested the help is now recorded per help"
)
_INITIATOR_NO_HELP = messages.define(
    "migrate.initiator_without_help",
    "who suggested help is recorded per help and the case has none: it could not be carried over",
)
_NOTIFIER = messages.define(
    "migrate.notifier_mapped",
    "the § 8a notifier is recorded in its own list now: {old} of {old_list} became {new}; check it",
)
_NOTIFIER_UNKNOWN = messages.define(
    "migrate.notifier_unmapped",
    "the 1.0 initiator code is not in {old_list}: it could not be carried over",
)
_YOUNG_ADULT_DERIVED = messages.define(
    "migrate.young_adult_derived",
    "the person is 18 or older at the start: the help now counts as a help for a young "
    "adult (§ 41)",
)
_YOUNG_ADULT_OFF = messages.define(
    "migrate.young_adult_kept_off",
    "the person is 21 or older at the start and no justification is recorded: young_adult "
    "is set to false as in 1.0; check whether it is a § 41 help",
)
_PARAMETER_DROPPED = messages.define(
    "migrate.parameter_dropped",
    "a parameter for the 1.0 § 41 help type {old} has no 2.0 help type: it could not be "
    "carried over",
)

# old code -> (new code for one help, codes for a list of types, issue template or None)
_YA = "ya"
_HELP_TYPES: dict[str, tuple[str, tuple[str, ...], str | None]] = {
    "27-2": ("27-ambulant", ("27-ambulant",), None),
    "27-2-residential": ("27-out-of-home", ("27-out-of-home",), None),
    "27-3": ("27-other", ("27-other",), _REFINED),
    "28": ("28-family", ("28-family", "28-parents", "28-young-person"), _REFINED),
    "30": (
        "30-erziehungsbeistand",
        ("30-erziehungsbeistand", "30-betreuungshelfer"),
        _REFINED,
    ),
    "33": ("33-general", ("33-general", "33-special"), _REFINED),
    "41-ambulant": ("27-ambulant", ("27-ambulant",), _YA),
    "41-semi-residential": ("27-other", ("27-other",), _YA),
    "41-residential": ("27-out-of-home", ("27-out-of-home",), _YA),
}

# 1.0 initiating institutions (help statistic) -> § 8a notifiers (nearest category)
_NOTIFIERS = {
    "1": "minor_self",
    "2": "parents",
    "3": "school",
    "4": "social_services",
    "5": "police_court",
    "6": "health",
    "7": "acquaintances_neighbours",
    "8": "other",
}


def _help_type(doc: dict[str, Any], path: str, issues: list[Issue]) -> None:
    old = doc.get("help_type")
    if not isinstance(old, str) or old not in _HELP_TYPES:
        return
    new, _, kind = _HELP_TYPES[old]
    doc["help_type"] = new
    if kind is _YA:
        doc["young_adult"] = True
        issues.append(Issue.of(f"{path}/help_type", _YOUNG_ADULT_TYPE, old=old, new=new))
    elif kind is not None:
        issues.append(Issue.of(f"{path}/help_type", kind, old=old, new=new))


def _type_list(values: list[Any], path: str, issues: list[Issue]) -> list[Any]:
    out: list[Any] = []
    for i, value in enumerate(values):
        if isinstance(value, str) and value in _HELP_TYPES:
            _, forms, kind = _HELP_TYPES[value]
            if kind is _YA:
                issues.append(Issue.of(f"{path}/{i}", _YOUNG_ADULT_TYPE, old=value, new=forms[0]))
            out += [f for f in forms if f not in out]
        elif value not in out:
            out.append(value)
    return out


def _codes_anywhere(value: Any, path: str, issues: list[Issue]) -> Any:
    """Rename help-type codes in ``help_type`` fields and ``help_types`` lists, anywhere."""
    if isinstance(value, list):
        return [_codes_anywhere(v, f"{path}/{i}", issues) for i, v in enumerate(value)]
    if not isinstance(value, dict):
        return value
    out: dict[str, Any] = {}
    for key, item in value.items():
        sub = f"{path}/{escape_pointer_token(str(key))}"
        if key == "help_types" and isinstance(item, list):
            out[key] = _type_list(item, sub, issues)
        else:
            out[key] = _codes_anywhere(item, sub, issues)
    if isinstance(out.get("help_type"), str):
        _help_type(out, path, issues)
        if out.get("young_adult") is True and "provider_id" not in out:
            del out["young_adult"]  # only helps have the flag
    return out


def _birth(person: Any) -> date | None:
    text = person.get("birth") if isinstance(person, dict) else None
    if not isinstance(text, str):
        return None
    try:
        return date.fromisoformat(text + "-01" if len(text) == 7 else text)
    except ValueError:
        return None


def _start(help_doc: dict[str, Any]) -> date | None:
    period = help_doc.get("period")
    text = period.get("start") if isinstance(period, dict) else None
    try:
        return date.fromisoformat(text) if isinstance(text, str) else None
    except ValueError:
        return None


def _young_adult(
    help_doc: dict[str, Any], birth: date | None, path: str, issues: list[Issue]
) -> None:
    if "young_adult" in help_doc or birth is None:
        return
    kind = catalog.HELP_TYPES.get(help_doc.get("help_type"))  # type: ignore[arg-type]
    start = _start(help_doc)
    if kind is None or not kind.young_adult_eligible or start is None:
        return
    age = age_on(birth, start)
    if age < 18:
        return
    if age >= 21 and not help_doc.get("justification_beyond_21"):
        help_doc["young_adult"] = False
        issues.append(Issue.of(f"{path}/young_adult", _YOUNG_ADULT_OFF))
    else:
        issues.append(Issue.of(f"{path}/young_adult", _YOUNG_ADULT_DERIVED))


def _reasons(raw: list[Any], issues: list[Issue]) -> list[Any]:
    kept: list[Any] = []
    for i, reason in enumerate(raw):
        if reason in kept:
            issues.append(Issue.of(f"/reasons/{i}", _REASONS_REPEATED))
        elif len(kept) == 3:
            issues.append(Issue.of(f"/reasons/{i}", _REASONS_EXCESS, limit=3))
        else:
            kept.append(reason)
    return kept


def _risk(doc: dict[str, Any], path: str, issues: list[Issue]) -> None:
    if "initiated_by" not in doc:
        return
    old = doc.pop("initiated_by")
    if old is None:
        return
    if isinstance(old, str) and old in _NOTIFIERS:
        doc["notified_by"] = _NOTIFIERS[old]
        issues.append(
            Issue.of(
                f"{path}/notified_by",
                _NOTIFIER,
                old=old,
                old_list="initiating_institutions",
                new=_NOTIFIERS[old],
            )
        )
    else:
        issues.append(
            Issue.of(f"{path}/initiated_by", _NOTIFIER_UNKNOWN, old_list="initiating_institutions")
        )


def migrate_help(doc: Any) -> tuple[Any, tuple[Issue, ...]]:
    """A 1.0 help document in 2.0 (help-type codes)."""
    issues: list[Issue] = []
    if isinstance(doc, dict):
        _help_type(doc, "", issues)
    return doc, tuple(issues)


def migrate_risk_assessment(doc: Any) -> tuple[Any, tuple[Issue, ...]]:
    """A 1.0 § 8a assessment in 2.0 (``initiated_by`` → ``notified_by``)."""
    issues: list[Issue] = []
    if isinstance(doc, dict):
        _risk(doc, "", issues)
    return doc, tuple(issues)


def migrate_case(doc: Any) -> tuple[Any, tuple[Issue, ...]]:
    """A 1.0 case document in 2.0 (see the module documentation)."""
    issues: list[Issue] = []
    if not isinstance(doc, dict):
        return doc, ()
    helps = doc.get("helps")
    helps = [h for h in helps if isinstance(h, dict)] if isinstance(helps, list) else []
    birth = _birth(doc.get("young_person"))
    for i, h in enumerate(doc.get("helps") or []):
        if isinstance(h, dict):
            _help_type(h, f"/helps/{i}", issues)
            _young_adult(h, birth, f"/helps/{i}", issues)
    raw = doc.pop("reasons", None)
    if isinstance(raw, list) and raw:
        if not helps:
            issues.append(Issue.of("/reasons", _REASONS_NO_HELP))
        else:
            kept = _reasons(raw, issues)
            for h in helps:
                if "main_reason" not in h and "further_reasons" not in h:
                    h["main_reason"] = kept[0]
                    if kept[1:]:
                        h["further_reasons"] = kept[1:]
            issues.append(Issue.of("/reasons", _REASONS_MOVED))
    elif raw is not None and not isinstance(raw, list):
        doc["reasons"] = raw  # not a list: leave it for validation to report
    initiator = doc.pop("initiated_by", None)
    if initiator is not None:
        if not helps:
            issues.append(Issue.of("/initiated_by", _INITIATOR_NO_HELP))
        else:
            for h in helps:
                h.setdefault("initiated_by", initiator)
            issues.append(Issue.of("/initiated_by", _INITIATOR_MOVED))
    for i, ra in enumerate(doc.get("risk_assessments") or []):
        if isinstance(ra, dict):
            _risk(ra, f"/risk_assessments/{i}", issues)
    return doc, tuple(issues)


def migrate_codes(doc: Any) -> tuple[Any, tuple[Issue, ...]]:
    """Rename 1.0 help-type codes wherever a record names them (simulation, budget rules)."""
    issues: list[Issue] = []
    return _codes_anywhere(doc, "", issues), tuple(issues)


def migrate_process(doc: Any) -> tuple[Any, tuple[Issue, ...]]:
    """A 1.0 process: parameters per help type (``direct_access:28`` …) for the new codes."""
    issues: list[Issue] = []
    params = doc.get("parameters") if isinstance(doc, dict) else None
    if not isinstance(params, dict):
        return doc, ()
    out: dict[Any, Any] = {}
    for key, value in params.items():
        name, sep, code = str(key).partition(":")
        if not sep or code not in _HELP_TYPES:
            out[key] = value
            continue
        _, forms, kind = _HELP_TYPES[code]
        if kind is _YA:
            sub = f"/parameters/{escape_pointer_token(str(key))}"
            issues.append(Issue.of(sub, _PARAMETER_DROPPED, old=code))
            continue
        for form in forms:
            out.setdefault(f"{name}:{form}", value)
    doc["parameters"] = out
    return doc, tuple(issues)


register_migration("help", "1.0", "2.0", migrate_help)
register_migration("case", "1.0", "2.0", migrate_case)
register_migration("risk_assessment", "1.0", "2.0", migrate_risk_assessment)
register_migration("process", "1.0", "2.0", migrate_process)
# case_file: the help-type codes of its events; the lifecycle package may register a fuller
# migration of its own, which then replaces this one.
for _name in ("simulation_parameters", "simulation_study", "budget_rule_set", "case_file"):
    register_migration(_name, "1.0", "2.0", migrate_codes)
