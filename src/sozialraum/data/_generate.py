"""The generator of the synthetic sample municipality *Musterstadt*.

Everything here is invented: no real person, case or provider is described. Numbers are
chosen to look like a mid-sized German town (about 60,000 inhabitants, four social
spaces, four free providers) with a help mix and cost levels in the range the federal
statistics report (domain brief 6.2); they are *not* statistics of any real place.

The generator is deterministic for a seed (it uses only :class:`random.Random` methods
whose sequences are stable across Python versions) and pure: it returns JSON-ready
documents and writes nothing. ``python -m sozialraum.data.generate`` writes the shipped
files; the test suite checks they are current.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta
from fractions import Fraction
from typing import Any

from ..money import Money
from ..periods import add_months

__all__ = ["AS_OF", "generate_cases", "generate_municipality", "generate_work"]

#: The sample describes the years 2024 and 2025 as seen on this day (exclusive end).
AS_OF = date(2026, 1, 1)
START = date(2024, 1, 1)

_SPACES: list[tuple[str, str, list[int], dict[str, str]]] = [
    # id, name, residents by age band 0-6, 6-14, 14-18, 18-21, 21-27, 27+, indicators
    (
        "S-NORD",
        "Nord",
        [1010, 1280, 640, 470, 1150, 11450],
        {
            "sgb2_quota_under_15": "18.4",
            "single_parent_households": "24.1",
            "foreign_nationality_under_18": "21.7",
        },
    ),
    (
        "S-MITTE",
        "Mitte",
        [880, 1050, 560, 610, 1870, 13030],
        {
            "sgb2_quota_under_15": "14.2",
            "single_parent_households": "21.5",
            "foreign_nationality_under_18": "17.9",
        },
    ),
    (
        "S-SUED",
        "Süd",
        [960, 1340, 700, 450, 900, 12650],
        {
            "sgb2_quota_under_15": "7.9",
            "single_parent_households": "15.3",
            "foreign_nationality_under_18": "9.8",
        },
    ),
    (
        "S-WEST",
        "West",
        [720, 930, 480, 330, 760, 9190],
        {
            "sgb2_quota_under_15": "11.0",
            "single_parent_households": "18.0",
            "foreign_nationality_under_18": "12.4",
        },
    ),
]
_BANDS = [(0, 6), (6, 14), (14, 18), (18, 21), (21, 27), (27, None)]
_INDICATOR_UNITS = {
    "sgb2_quota_under_15": "percent",
    "single_parent_households": "percent",
    "foreign_nationality_under_18": "percent",
}

_PROVIDERS = [
    # id, name, statistics kind, spaces served
    ("T-CAR", "Caritasverband Musterstadt (synthetic)", "25", ("S-NORD", "S-MITTE")),
    ("T-DIA", "Diakonisches Werk Musterstadt (synthetic)", "24", ("S-MITTE", "S-SUED")),
    ("T-AWO", "AWO Kreisverband Musterstadt (synthetic)", "21", ("S-SUED", "S-WEST")),
    ("T-KJH", "Kinder- und Jugendhilfe Musterstadt gGmbH (synthetic)", "28", ("S-NORD", "S-WEST")),
]

# help type: (relative frequency, age range at start, months min/max, monthly cost in euros
# min/max or day rate for residential help, day rate?). Helps for young adults (§ 41) are
# drawn under their own type: the entries with an age range from 18.
_HELP_MIX: list[tuple[str, int, tuple[int, int], tuple[int, int], tuple[int, int], bool]] = [
    ("28-family", 14, (3, 17), (2, 9), (180, 420), False),
    ("28-parents", 10, (0, 17), (2, 9), (180, 420), False),
    ("28-young-person", 6, (12, 20), (2, 9), (180, 420), False),
    ("29", 4, (9, 16), (4, 12), (280, 520), False),
    ("30-erziehungsbeistand", 9, (10, 17), (6, 18), (900, 1500), False),
    ("30-betreuungshelfer", 3, (14, 17), (6, 12), (900, 1400), False),
    ("31", 22, (0, 15), (6, 24), (1400, 2600), False),
    ("27-ambulant", 5, (4, 17), (3, 12), (700, 1600), False),
    ("27-out-of-home", 1, (8, 17), (6, 18), (180, 250), True),
    ("32", 4, (6, 13), (9, 24), (95, 130), True),
    ("33-general", 5, (0, 14), (12, 48), (40, 55), True),
    ("33-special", 1, (0, 12), (12, 48), (70, 95), True),
    ("34", 8, (11, 17), (10, 36), (190, 260), True),
    ("35", 1, (14, 17), (6, 18), (220, 300), True),
    ("35a-ambulant", 5, (7, 16), (6, 18), (500, 950), False),
    ("35a-residential", 1, (10, 17), (12, 30), (230, 300), True),
    ("30-erziehungsbeistand", 3, (18, 20), (6, 18), (900, 1600), False),
    ("34", 2, (18, 20), (6, 24), (180, 240), True),
    ("42", 4, (3, 17), (0, 2), (230, 320), True),
]
# months, costs and day-rate flag per code (the last entry of a code wins)
_SPEC: dict[str, tuple[tuple[int, int], tuple[int, int], bool]] = {
    code: (months, costs, per_day) for code, _, _, months, costs, per_day in _HELP_MIX
}

# Ort der Durchführung per help type (codes of PLACES_OF_DELIVERY), with weights.
_PLACES: dict[str, list[tuple[str, int]]] = {
    "28-family": [("06", 1)],
    "28-parents": [("06", 1)],
    "28-young-person": [("06", 4), ("05", 1)],
    "29": [("06", 3), ("05", 1)],
    "30-erziehungsbeistand": [("01", 3), ("06", 2)],
    "30-betreuungshelfer": [("06", 2), ("01", 1)],
    "31": [("01", 1)],
    "27-ambulant": [("01", 3), ("05", 1)],
    "27-out-of-home": [("09", 1)],
    "32": [("07", 1)],
    "33-general": [("03", 4), ("02", 1)],
    "33-special": [("03", 1)],
    "34": [("08", 2), ("09", 1)],
    "35": [("09", 1)],
    "35a-ambulant": [("06", 2), ("05", 1)],
    "35a-residential": [("08", 1)],
    "41a": [("10", 1)],
}
_INITIATORS = [("1", 6), ("2", 30), ("3", 22), ("4", 14), ("5", 12), ("6", 8), ("7", 3), ("8", 5)]
_FAMILY_SITUATIONS = [("1", 45), ("2", 38), ("3", 15), ("4", 1), ("5", 1)]
_ENDING = [("10", 66), ("20", 10), ("21", 5), ("22", 7), ("30", 1), ("40", 4), ("50", 7)]


def _weighted(rng: random.Random, options: list[tuple[str, int]]) -> str:
    total = sum(w for _, w in options)
    pick = rng.random() * total
    for value, weight in options:
        pick -= weight
        if pick < 0:
            return value
    return options[-1][0]  # pragma: no cover - float edge


def _day_between(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randrange((last - first).days + 1))


def generate_municipality() -> dict[str, Any]:
    """The Musterstadt municipality document: four spaces, four providers, four teams."""
    spaces = []
    for space_id, name, counts, indicators in _SPACES:
        spaces.append(
            {
                "id": space_id,
                "name": name,
                "population": [
                    {"min_age": lo, "max_age": hi, "count": n}
                    for (lo, hi), n in zip(_BANDS, counts, strict=True)
                ],
                "population_date": "2023-12-31",
                "indicators": [
                    {
                        "name": key,
                        "value": value,
                        "unit": _INDICATOR_UNITS[key],
                        "reference_date": "2023-12-31",
                        "source": "synthetic (Musterstadt generator)",
                    }
                    for key, value in indicators.items()
                ],
            }
        )
    providers = [
        {"id": pid, "name": name, "kind": kind, "serves": list(serves)}
        for pid, name, kind, serves in _PROVIDERS
    ]
    teams = [
        {
            "id": f"TEAM-{space_id[2:]}",
            "space_id": space_id,
            "name": f"Sozialraumteam {name}",
            "provider_ids": [p[0] for p in _PROVIDERS if space_id in p[3]],
        }
        for space_id, name, _, _ in _SPACES
    ]
    return {
        "id": "JA-MUSTERSTADT",
        "name": "Jugendamt Musterstadt (synthetic)",
        "social_spaces": spaces,
        "providers": providers,
        "teams": teams,
    }


def _birth_for(rng: random.Random, start: date, ages: tuple[int, int]) -> tuple[date, date]:
    """A date of birth giving an age in ``ages`` at ``start``, and the earliest such date."""
    age = rng.randint(*ages)
    latest = add_months(start, -12 * age)
    earliest = add_months(start, -12 * (age + 1)) + timedelta(days=1)
    return _day_between(rng, earliest, latest), earliest


def _reasons(rng: random.Random, code: str) -> tuple[str, list[str]]:
    """A main reason and up to two further reasons, all different (codes 10-18)."""
    pool = [str(r) for r in range(10, 19)]
    if code == "42":
        return "12", []
    picked = rng.sample(pool, rng.choice([1, 1, 2, 2, 3]))
    return picked[0], picked[1:]


def _help(
    rng: random.Random,
    case_no: int,
    n: int,
    code: str,
    start: date,
    space: str,
    *,
    adult: bool = False,
    after_custody: bool = False,
    after_risk: bool = False,
) -> tuple[dict[str, Any], date | None]:
    (m_lo, m_hi), (c_lo, c_hi), per_day = _SPEC[code]
    providers = [p for p in _PROVIDERS if space in p[3]]
    provider = providers[rng.randrange(len(providers))][0]
    if code == "42":
        end: date | None = start + timedelta(days=rng.randint(2, 75))
    else:
        end = add_months(start, rng.randint(m_lo, m_hi)) + timedelta(days=rng.randint(-10, 10))
    planned_end = add_months(start, m_hi)
    doc: dict[str, Any] = {
        "id": f"H-{case_no:05d}-{n}",
        "help_type": code,
        "provider_id": provider,
        "period": {"start": start.isoformat()},
    }
    if per_day:
        rate = Money(cents=rng.randint(c_lo * 100, c_hi * 100))
        doc["day_rate"] = str(rate)
        doc["monthly_cost"] = str(Money(cents=rate.cents).scale(Fraction(365, 12)))
    else:
        doc["monthly_cost"] = str(Money(cents=rng.randint(c_lo, c_hi) * 100))
        doc["hours_per_week"] = str(rng.choice([2, 3, 4, 5, 6, 8, 10]))
    if code != "42":
        doc["planned_end"] = planned_end.isoformat()
    if code.startswith("35a"):
        doc["specialist_statement_on"] = (start - timedelta(days=rng.randint(10, 60))).isoformat()
    if code == "27-ambulant" and rng.random() < 0.4:
        doc["family_oriented"] = True
    if code in _PLACES:
        doc["place_of_delivery"] = _weighted(rng, _PLACES[code])
    main, further = _reasons(rng, code)
    doc["main_reason"] = main
    if further:
        doc["further_reasons"] = further
    doc["initiated_by"] = "4" if after_custody else _weighted(rng, _INITIATORS)
    doc["family_court_decision"] = _weighted(
        rng, [("none", 92), ("custody_withdrawn_partly", 5), ("custody_withdrawn_fully", 3)]
    )
    doc["after_risk_assessment"] = after_risk
    doc["after_protective_custody"] = after_custody
    doc["parallel_help"] = False
    doc["residence_before"] = "06" if after_custody else ("04" if adult else "01")
    doc["family_situation"] = _weighted(rng, _FAMILY_SITUATIONS)
    foreign = rng.random() < 0.32
    doc["parent_foreign_origin"] = foreign
    doc["german_family_language"] = not foreign or rng.random() < 0.4
    doc["transfer_payments"] = rng.random() < 0.27
    if code == "31" or doc.get("family_oriented"):
        doc["young_people_elsewhere"] = 0
    assert end is not None
    if end < AS_OF:
        doc["period"]["end"] = end.isoformat()
        doc["ending_reason"] = "10" if code == "42" else _weighted(rng, _ENDING)
        residential = _SPEC[code][-1]
        if adult:
            doc["whereabouts_after"] = "04"
        elif residential and code != "42":
            doc["whereabouts_after"] = _weighted(rng, [("01", 3), ("06", 2), ("05", 1)])
        else:
            doc["whereabouts_after"] = "01"
        doc["subsequent_help"] = "6"
        return doc, end
    return doc, None


def _siblings(rng: random.Random, case_no: int, birth: date, start: date) -> list[dict[str, Any]]:
    """The other young people of the family, for a family help (§ 99(1) Nr. 3)."""
    out = []
    for k in range(rng.choice([0, 1, 1, 2])):
        years = rng.randint(0, 16)
        born = start - timedelta(days=365 * years + rng.randint(0, 364))
        if born == birth:
            continue
        out.append(
            {
                "id": f"P-{case_no:05d}-{k + 2}",
                "birth": born.isoformat()[:7],
                "gender": rng.choice(["female", "male"]),
            }
        )
    return out


def generate_cases(n: int = 420, *, seed: int = 2024) -> Iterator[dict[str, Any]]:
    """``n`` case documents opened in 2024 and 2025 across the Musterstadt spaces.

    About a quarter of the referrals are resolved without a formal help (through the
    resources of the social space, or no need found); the others receive one or two helps.
    """
    rng = random.Random(seed)
    space_weights = [(s[0], sum(s[2][:4])) for s in _SPACES]
    mix = [(str(i), entry[1]) for i, entry in enumerate(_HELP_MIX)]
    last_open = AS_OF - timedelta(days=1)
    for case_no in range(1, n + 1):
        space = _weighted(rng, space_weights)
        opened = _day_between(rng, START, last_open)
        code, _, ages, *_ = _HELP_MIX[int(_weighted(rng, mix))]
        help_start = opened + timedelta(days=rng.randint(0 if code == "42" else 7, 70))
        birth, earliest = _birth_for(rng, help_start, ages)
        birth_text = birth.isoformat()
        # month precision, as the statistics record it, where it keeps the age unchanged
        if rng.random() < 0.5 and birth.replace(day=1) >= earliest:
            birth = birth.replace(day=1)
            birth_text = birth_text[:7]
        person = {"id": f"P-{case_no:05d}", "birth": birth_text}
        gender = rng.choice(["female", "male", "male", "female", "diverse", "not_stated"])
        if gender != "not_stated":  # the default is left out, as unstructure does
            person["gender"] = gender
        case: dict[str, Any] = {
            "id": f"C-{case_no:05d}",
            "space_id": space,
            "opened": opened.isoformat(),
            "young_person": person,
        }
        if code == "42" or rng.random() < 0.12:
            case["risk_assessments"] = [_risk(rng, case_no, opened, acute=code == "42")]
        resolved = code != "42" and rng.random() < 0.26
        if resolved or help_start >= AS_OF:
            closed = opened + timedelta(days=rng.randint(7, 90))
            if closed < AS_OF:
                case["closed"] = closed.isoformat()
                case["closing_reason"] = _weighted(
                    rng, [("resolved_in_social_space", 60), ("no_help_needed", 40)]
                )
            yield case
            continue
        helps, plans = [], []
        after_risk = "risk_assessments" in case
        adult = _age(birth, help_start) >= 18
        doc, end = _help(
            rng, case_no, 1, code, help_start, space, adult=adult, after_risk=after_risk
        )
        if doc["help_type"] == "31":
            doc["family_young_people"] = [
                case["young_person"],
                *_siblings(rng, case_no, birth, help_start),
            ]
        helps.append(doc)
        if code == "42":
            case["protective_custodies"] = [_custody(rng, case_no, doc)]
        if end is not None and (code == "42" or rng.random() < 0.2):
            start2 = end + timedelta(days=rng.randint(0, 20))
            age = _age(birth, start2)
            if adult:
                follow = "41a"
            elif age >= 18:
                follow = "30-erziehungsbeistand" if age < 21 else ""
            elif code == "42":
                follow = rng.choice(["31", "30-erziehungsbeistand", "34", "33-general"])
            else:
                follow = rng.choice(["28-family", "30-erziehungsbeistand"])
            if follow and start2 < AS_OF:
                if follow == "41a":
                    doc2, end = _aftercare(rng, case_no, start2, space)
                else:
                    doc2, end = _help(
                        rng,
                        case_no,
                        2,
                        follow,
                        start2,
                        space,
                        adult=age >= 18,
                        after_custody=code == "42",
                        after_risk=after_risk,
                    )
                    if follow == "31":
                        doc2["family_young_people"] = [case["young_person"]]
                if "end" in doc["period"]:
                    doc["subsequent_help"] = "4" if follow != "41a" else "6"
                helps.append(doc2)
        for doc in helps:
            if doc["help_type"] != "42" and not doc["help_type"].startswith("28"):
                plans.append(_plan(rng, doc))
        case["helps"] = helps
        if plans:
            case["help_plans"] = plans
        if end is not None and all("end" in h["period"] for h in helps):
            close = max(date.fromisoformat(h["period"]["end"]) for h in helps)
            if close + timedelta(days=14) < AS_OF:
                case["closed"] = (close + timedelta(days=14)).isoformat()
                last_reason = helps[-1]["ending_reason"]
                case["closing_reason"] = {"10": "planned", "40": "transfer"}.get(
                    last_reason, "not_as_planned"
                )
        yield case


def _risk(rng: random.Random, case_no: int, opened: date, *, acute: bool) -> dict[str, Any]:
    """A § 8a assessment with the fields of § 99(6), concluded on the opening day."""
    result = _weighted(
        rng, [("acute", 17), ("latent", 16), ("help_needed", 33), ("no_help_needed", 34)]
    )
    risk: dict[str, Any] = {
        "id": f"R-{case_no:05d}",
        "concluded_on": opened.isoformat(),
        "result": "acute" if acute else result,
        "notice_on": (opened - timedelta(days=rng.randint(0, 21))).isoformat(),
        "notified_by": _weighted(
            rng,
            [
                ("police_court", 30),
                ("school", 12),
                ("day_care", 5),
                ("social_services", 8),
                ("health", 7),
                ("acquaintances_neighbours", 10),
                ("relatives", 5),
                ("parents", 6),
                ("minor_self", 2),
                ("anonymous", 10),
                ("other", 5),
            ],
        ),
        "repeat_report": rng.random() < 0.27,
    }
    if risk["result"] in ("acute", "latent"):
        risk["danger_forms"] = sorted(
            rng.sample(["neglect", "psychological", "physical", "sexual"], rng.randint(1, 2))
        )
        risk["danger_from"] = [
            _weighted(rng, [("mother", 40), ("father", 33), ("step_parent", 12), ("other", 15)])
        ]
    return risk


def _custody(rng: random.Random, case_no: int, help_doc: dict[str, Any]) -> dict[str, Any]:
    """The § 42 record (§ 99(2) fields) of a crisis placement recorded as help ``help_doc``."""
    doc: dict[str, Any] = {
        "id": f"IO-{case_no:05d}",
        "kind": "42",
        "period": dict(help_doc["period"]),
        "ground": _weighted(rng, [("2", 85), ("1", 15)]),
        "triggers": [
            _weighted(
                rng,
                [
                    ("parents_overwhelmed", 40),
                    ("neglect", 20),
                    ("abuse_signs", 20),
                    ("relationship_problems", 20),
                ],
            )
        ],
        "initiated_by": _weighted(
            rng,
            [("police", 30), ("social_services", 30), ("minor_self", 15), ("school_day_care", 25)],
        ),
        "placement": _weighted(rng, [("facility", 80), ("person", 20)]),
        "parents_objected": rng.random() < 0.2,
        "provider_id": help_doc["provider_id"],
    }
    doc["family_court_called"] = doc["parents_objected"]
    if "end" in help_doc["period"]:
        doc["ending"] = _weighted(
            rng,
            [
                ("returned_to_custodians", 45),
                ("foster_family", 15),
                ("residential_help", 30),
                ("other", 10),
            ],
        )
        doc["follow_up"] = "6" if doc["ending"] == "returned_to_custodians" else "4"
    return doc


def _age(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def _aftercare(
    rng: random.Random,
    case_no: int,
    start: date,
    space: str,
) -> tuple[dict[str, Any], date | None]:
    providers = [p for p in _PROVIDERS if space in p[3]]
    end = add_months(start, rng.randint(2, 6))
    doc: dict[str, Any] = {
        "id": f"H-{case_no:05d}-2",
        "help_type": "41a",
        "provider_id": providers[0][0],
        "period": {"start": start.isoformat()},
        "monthly_cost": str(Money(cents=rng.randint(300, 700) * 100)),
        "hours_per_week": "2",
        "planned_end": end.isoformat(),
    }
    if end < AS_OF:
        doc["period"]["end"] = end.isoformat()
        doc["ending_reason"] = "10"
        return doc, end
    return doc, None


def _plan(rng: random.Random, help_doc: dict[str, Any]) -> dict[str, Any]:
    start = date.fromisoformat(help_doc["period"]["start"])
    end_text = help_doc["period"].get("end")
    end = date.fromisoformat(end_text) if end_text else AS_OF
    goals = []
    for g in range(rng.randint(1, 3)):
        goal: dict[str, Any] = {
            "id": f"G{g + 1}",
            "text": f"Synthetic goal {g + 1}",
        }
        weight = rng.choice([1, 1, 2, 3])
        if weight != 1:  # documents leave fields at their default out
            goal["weight"] = str(weight)
        goal["baseline"] = rng.choice([-2, -1, -1])
        if end_text or rng.random() < 0.6:
            goal["attained"] = rng.choice([-1, 0, 0, 1, 1, 2])
        goals.append(goal)
    reviews = []
    cursor = add_months(start, 6)
    while cursor < end and cursor < AS_OF:
        reviews.append(cursor.isoformat())
        cursor = add_months(cursor, 6)
    plan: dict[str, Any] = {
        "id": f"HP-{help_doc['id'][2:]}",
        "agreed_on": start.isoformat(),
        "help_ids": [help_doc["id"]],
        "goals": goals,
    }
    if reviews:
        plan["reviews"] = reviews
    if not end_text:
        plan["next_review"] = cursor.isoformat()
    return plan


def generate_work(*, seed: int = 2024) -> Iterator[dict[str, Any]]:
    """Quarterly case-overarching and case-independent work per space and provider."""
    rng = random.Random(seed + 1)
    n = 0
    for year in (2024, 2025):
        for quarter in range(4):
            start = date(year, 3 * quarter + 1, 1)
            end = add_months(start, 3)
            for provider_id, _, _, serves in _PROVIDERS:
                for space in serves:
                    for work_type in ("case_independent", "case_overarching"):
                        n += 1
                        hours = rng.randint(40, 220)
                        yield {
                            "id": f"W-{n:05d}",
                            "space_id": space,
                            "provider_id": provider_id,
                            "work_type": work_type,
                            "period": {"start": start.isoformat(), "end": end.isoformat()},
                            "hours": str(hours),
                            "cost": str(Money(cents=hours * 6500)),
                            "activity": rng.choice(
                                ["network", "group", "project", "open_consultation"]
                                if work_type == "case_independent"
                                else ["group", "resource_development", "case_conference"]
                            ),
                        }
