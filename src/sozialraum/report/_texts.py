"""Every text of the Sozialraumbericht, in German and English, in one catalogue.

A text is a :meth:`str.format` template; :func:`text` fills its ``{placeholders}``. Both
languages have the same keys and each key the same placeholders (a test checks it), so a
translator edits one dict and nothing else. Values filled in are escaped by the renderer,
never here.

>>> text("de", "title", year=2025)
'Sozialraumbericht 2025'
>>> text("en", "title", year=2025)
'Social space report 2025'
"""

from __future__ import annotations

from typing import Any

from .._locale import check_lang

__all__ = ["TEXTS", "text"]

TEXTS: dict[str, dict[str, str]] = {
    "de": {
        "title": "Sozialraumbericht {year}",
        "subtitle": "{municipality} · Berichtsjahr {year} · Datenstand {as_of}",
        "synthetic": (
            "Alle Zahlen beruhen auf dem synthetischen Beispiel „Musterstadt“; sie "
            "beschreiben keine realen Personen, Fälle oder Träger."
        ),
        "contents": "Inhalt",
        "overview": "Überblick",
        "overview_intro": (
            "Kennzahlen {year} je Sozialraum und für die Stadt insgesamt (Hilfen zur "
            "Erziehung nach §§ 27–35 SGB VIII und für junge Volljährige nach § 41, ohne § 35a)."
        ),
        "spaces": "Die Sozialräume",
        "space_heading": "Sozialraum {name}",
        "space_intro": (
            "Kennzahlen des Sozialraums in den Jahren {years} und der Stadtdurchschnitt {year}."
        ),
        "indicator": "Kennzahl",
        "space": "Sozialraum",
        "city": "Stadt insgesamt",
        "city_average": "Stadt {year}",
        "year": "Jahr",
        "setting_mix": "Hilfesettings",
        "setting_intro": "Anteil der im Jahr {year} laufenden Hilfen je Setting.",
        "work": "Fallübergreifende und fallunspezifische Arbeit",
        "work_intro": (
            "Geleistete Stunden und Kosten {year}; Anteil an den Ausgaben des Sozialraums "
            "(Hilfen und Arbeit im Sozialraum)."
        ),
        "work_type": "Arbeitsform",
        "hours": "Stunden",
        "cost": "Kosten",
        "share": "Anteil",
        "budget": "Sozialraumbudget",
        "budget_none": "Für das Jahr {year} liegt kein Sozialraumbudget vor.",
        "allocation": "Verteilung des Budgets",
        "allocation_intro": (
            "Regelwerk „{rule_set}“: Gesamtbudget {total}, davon {distributed} auf die "
            "Sozialräume verteilt."
        ),
        "excluded": "Vorab abgezogen: „{name}“, {amount}",
        "base": "Sockel",
        "need_share": "Bedarfsanteil",
        "need": "nach Bedarf",
        "amount": "Budget",
        "bound": "Grenze",
        "bound_lower": "angehoben durch „{rule}“",
        "bound_upper": "begrenzt durch „{rule}“",
        "explanation": "So kam die Verteilung zustande",
        "explain_space": "{name}: {amount} = {parts}",
        "explain_base": "Sockel {amount}",
        "explain_need": "Bedarfsanteil {share} → {amount}",
        "explain_lower": "angehoben auf {amount} durch „{rule}“",
        "explain_upper": "begrenzt auf {amount} durch „{rule}“",
        "explain_rounded": "genau {amount}, auf den Cent gerundet",
        "step": "Schritt {number} ({stage}): {rule}",
        "stage_exclusion": "Ausnahme",
        "stage_need": "Bedarf",
        "stage_base": "Sockel",
        "stage_smoothing": "Glättung",
        "stage_bounds": "Grenzen",
        "stage_rounding": "Rundung",
        "stage_work_types": "Arbeitsformen",
        "stage_providers": "Träger",
        "stage_other": "Regel",
        "execution": "Budgetausschöpfung und Jahresprognose",
        "execution_intro": (
            "Ausgaben gegen das Budget (ohne die Ausnahmen). Die Prognose zum {today} "
            "rechnet die laufenden Hilfen bis zu ihrem Ende fort."
        ),
        "spent_to": "ausgegeben bis {today}",
        "forecast": "Prognose Jahresende",
        "actual": "Ist {year}",
        "rate": "Ausschöpfung",
        "outside": "Außerhalb des Budgets (Ausnahmen), Ist {year}: {amount}",
        "gas": "Zielerreichung",
        "gas_intro": (
            "Goal Attainment Scaling der im Jahr {year} zuletzt fortgeschriebenen "
            "Hilfepläne (T-Wert, ρ = 0,3; 50 = erwartetes Ergebnis)."
        ),
        "methods": "Methoden und Definitionen",
        "methods_intro": (
            "Die Kennzahlen berechnet die Bibliothek sozialraum (Version {version}) exakt "
            "aus den Einzeldatensätzen; gerundet wird nur zur Anzeige (kaufmännisch). Die "
            "Definitionen stehen auf der Seite „Indicator definitions“ der Dokumentation "
            "und bei den genannten Funktionen."
        ),
        "symbols": (
            "Zeichen: „.“ Zahlenwert geheim zu halten (kleine Fallzahl), „x“ Aussage "
            "nicht sinnvoll (z. B. keine Bezugsgröße), „–“ nicht vorhanden."
        ),
        "suppression": (
            "Geheimhaltung: Zellen, die auf 1 bis {threshold} Hilfen, Fällen oder "
            "Hilfeplänen beruhen, werden nicht gezeigt (primäre Sperrung). Damit sie nicht "
            "aus Summen, übrigen Zellen oder verknüpften Zahlen (beendete Hilfen = laufende "
            "im Zeitraum − am Ende laufende) errechnet werden können, werden auch größere "
            "Zellen gesperrt, bis jede gesperrte Zelle Werte über eine Spanne von "
            "mindestens {protection} annehmen kann (sekundäre Sperrung, exakt mit linearer "
            "Optimierung geprüft)."
        ),
        "chart_table": "Die Zahlen des Diagramms",
        "chart_use": "Inanspruchnahme je 10.000 unter 21-Jährige",
        "chart_use_desc": (
            "Balkendiagramm: Inanspruchnahme je Sozialraum in den Jahren {years}; "
            "gestrichelt der Stadtdurchschnitt {year} ({value})."
        ),
        "chart_trend": "Inanspruchnahme im Zeitverlauf",
        "chart_trend_desc": (
            "Liniendiagramm: Inanspruchnahme je 10.000 unter 21-Jährige je Sozialraum und "
            "für die Stadt in den Jahren {years}."
        ),
        "chart_setting": "Anteil der Settings an den laufenden Hilfen {year}",
        "chart_setting_desc": "Balkendiagramm: Anteile der Hilfesettings je Sozialraum {year}.",
        "chart_allocation": "Budget {year} je Sozialraum",
        "chart_allocation_desc": "Balkendiagramm: verteiltes Budget je Sozialraum {year}.",
        "chart_execution": "Budget, Prognose und Ist {year}",
        "chart_execution_desc": (
            "Balkendiagramm: Budget, Prognose zum {today} und tatsächliche Ausgaben {year} "
            "je Sozialraum."
        ),
        "footer": "Erstellt mit sozialraum {version}.",
        "suppressed_in_chart": "gesperrt",
        "m_helps_active": "Laufende Hilfen (Anzahl)",
        "m_use_rate_u21": "Inanspruchnahme je 10.000 u21",
        "m_grant_rate_u21": "Gewährungen je 10.000 u21",
        "m_out_of_home_share": "Anteil außerhalb der Familie",
        "m_ended_as_planned_share": "Planmäßig beendet",
        "m_resolved_in_space_share": "Ohne formelle Hilfe gelöst",
        "m_spending_per_resident_u21": "Ausgaben je Einwohner u21",
        "m_work_budget_share": "Anteil fallunabhängiger Arbeit",
        "m_gas_plans_scored": "Bewertete Hilfepläne",
        "m_gas_t_mean": "Mittlerer T-Wert",
        "m_gas_at_least_expected_share": "Mindestens erwartet (T ≥ 50)",
        "setting_ambulant": "ambulant",
        "setting_semi_residential": "teilstationär",
        "setting_residential": "stationär",
        "setting_crisis": "Inobhutnahme",
        "work_case_overarching": "fallübergreifend",
        "work_case_independent": "fallunspezifisch",
        "work_all": "zusammen",
        "d_use_rate_u21": (
            "Inanspruchnahme: Hilfen, die im Jahr liefen (Bestand am 31.12. und beendete "
            "Hilfen), je 10.000 Einwohner unter 21 Jahren (use_rates)."
        ),
        "d_grant_rate_u21": (
            "Gewährungen: im Jahr begonnene Hilfen je 10.000 Einwohner unter 21 Jahren (use_rates)."
        ),
        "d_out_of_home_share": (
            "Settings: Anteil der laufenden Hilfen je Setting; außerhalb der Familie: "
            "stationäre Hilfen (setting_mix, KeZa 53.a)."
        ),
        "d_ended_as_planned_share": (
            "Planmäßig beendet: Anteil der im Jahr beendeten Hilfen, die gemäß Hilfeplan "
            "endeten (planned_endings)."
        ),
        "d_resolved_in_space_share": (
            "Ohne formelle Hilfe gelöst: Anteil der im Jahr abgeschlossenen Fälle, die "
            "ohne Hilfe zur Erziehung im Sozialraum gelöst wurden (resolved_without_help)."
        ),
        "d_work": (
            "Fallübergreifende und fallunspezifische Arbeit: erfasste Stunden und Kosten, "
            "Anteil an den Ausgaben des Sozialraums (work_metrics)."
        ),
        "d_gas": (
            "Zielerreichung: T-Wert nach Kiresuk und Sherman mit ρ = 0,3 je Hilfeplan, "
            "Mittelwert und Anteil mit T ≥ 50 (goal_attainment)."
        ),
        "d_budget": (
            "Budget: Verteilung nach dem Regelwerk, jeder Betrag exakt auf den Cent "
            "(allocate); Ausschöpfung und Prognose nach spend und forecast."
        ),
    },
    "en": {
        "title": "Social space report {year}",
        "subtitle": "{municipality} · reporting year {year} · data as of {as_of}",
        "synthetic": (
            "All figures come from the synthetic sample “Musterstadt”; they describe no "
            "real person, case or provider."
        ),
        "contents": "Contents",
        "overview": "Overview",
        "overview_intro": (
            "Indicators {year} per social space and for the whole city (help for "
            "upbringing, §§ 27–35 SGB VIII and for young adults under § 41, without § 35a)."
        ),
        "spaces": "The social spaces",
        "space_heading": "Social space {name}",
        "space_intro": "The space's indicators in {years} and the city average {year}.",
        "indicator": "Indicator",
        "space": "Social space",
        "city": "Whole city",
        "city_average": "City {year}",
        "year": "Year",
        "setting_mix": "Settings of help",
        "setting_intro": "Share of the helps running in {year} per setting.",
        "work": "Case-overarching and case-independent work",
        "work_intro": (
            "Hours and cost {year}; share of the space's spending (helps and work in the space)."
        ),
        "work_type": "Work type",
        "hours": "Hours",
        "cost": "Cost",
        "share": "Share",
        "budget": "Social space budget",
        "budget_none": "There is no social space budget for {year}.",
        "allocation": "Allocation of the budget",
        "allocation_intro": (
            "Rule set “{rule_set}”: total budget {total}, of which {distributed} was "
            "allocated to the social spaces."
        ),
        "excluded": "Held back: “{name}”, {amount}",
        "base": "Base",
        "need_share": "Need share",
        "need": "By need",
        "amount": "Budget",
        "bound": "Bound",
        "bound_lower": "raised by “{rule}”",
        "bound_upper": "limited by “{rule}”",
        "explanation": "How the allocation came about",
        "explain_space": "{name}: {amount} = {parts}",
        "explain_base": "base {amount}",
        "explain_need": "need share {share} → {amount}",
        "explain_lower": "raised to {amount} by “{rule}”",
        "explain_upper": "limited to {amount} by “{rule}”",
        "explain_rounded": "exactly {amount}, rounded to the cent",
        "step": "Step {number} ({stage}): {rule}",
        "stage_exclusion": "exclusion",
        "stage_need": "need",
        "stage_base": "base",
        "stage_smoothing": "smoothing",
        "stage_bounds": "bounds",
        "stage_rounding": "rounding",
        "stage_work_types": "work types",
        "stage_providers": "providers",
        "stage_other": "rule",
        "execution": "Budget execution and year-end forecast",
        "execution_intro": (
            "Spending against the budget (without the exclusions). The forecast as of "
            "{today} projects the running helps to their end."
        ),
        "spent_to": "spent until {today}",
        "forecast": "Forecast year end",
        "actual": "Actual {year}",
        "rate": "Execution",
        "outside": "Outside the budget (exclusions), actual {year}: {amount}",
        "gas": "Goal attainment",
        "gas_intro": (
            "Goal Attainment Scaling of the help plans last reviewed in {year} (T-score, "
            "ρ = 0.3; 50 = the expected outcome)."
        ),
        "methods": "Methods and definitions",
        "methods_intro": (
            "The library sozialraum (version {version}) computes the indicators exactly "
            "from the individual records; values are rounded (half up) only for display. "
            "The definitions are on the documentation page “Indicator definitions” and at "
            "the functions named."
        ),
        "symbols": (
            "Symbols: “.” withheld (small numbers), “x” not meaningful (e.g. no "
            "population), “–” not available."
        ),
        "suppression": (
            "Confidentiality: cells resting on 1 to {threshold} helps, cases or help plans "
            "are not shown (primary suppression). So that they cannot be recomputed from "
            "the totals, the other cells or related figures (helps ended = active − "
            "running), larger cells are withheld too until every withheld cell can take "
            "values over a range of at least {protection} (secondary suppression, checked "
            "exactly by linear programming)."
        ),
        "chart_table": "The chart's numbers",
        "chart_use": "Use of help per 10,000 residents under 21",
        "chart_use_desc": (
            "Bar chart: use of help per social space in {years}; dashed: the city average "
            "{year} ({value})."
        ),
        "chart_trend": "Use of help over time",
        "chart_trend_desc": (
            "Line chart: use of help per 10,000 residents under 21 per social space and for "
            "the city in {years}."
        ),
        "chart_setting": "Settings' share of the running helps {year}",
        "chart_setting_desc": "Bar chart: shares of the settings of help per space {year}.",
        "chart_allocation": "Budget {year} per social space",
        "chart_allocation_desc": "Bar chart: allocated budget per social space {year}.",
        "chart_execution": "Budget, forecast and actual {year}",
        "chart_execution_desc": (
            "Bar chart: budget, forecast as of {today} and actual spending {year} per social space."
        ),
        "footer": "Made with sozialraum {version}.",
        "suppressed_in_chart": "withheld",
        "m_helps_active": "Running helps (count)",
        "m_use_rate_u21": "Use per 10,000 u21",
        "m_grant_rate_u21": "Grants per 10,000 u21",
        "m_out_of_home_share": "Share out of home",
        "m_ended_as_planned_share": "Ended as planned",
        "m_resolved_in_space_share": "Resolved without formal help",
        "m_spending_per_resident_u21": "Spending per resident u21",
        "m_work_budget_share": "Share of case-independent work",
        "m_gas_plans_scored": "Help plans scored",
        "m_gas_t_mean": "Mean T-score",
        "m_gas_at_least_expected_share": "At least expected (T ≥ 50)",
        "setting_ambulant": "ambulant",
        "setting_semi_residential": "semi-residential",
        "setting_residential": "residential",
        "setting_crisis": "crisis placement",
        "work_case_overarching": "case-overarching",
        "work_case_independent": "case-independent",
        "work_all": "together",
        "d_use_rate_u21": (
            "Use of help: helps running in the year (stock on 31 December plus ended "
            "helps) per 10,000 residents under 21 (use_rates)."
        ),
        "d_grant_rate_u21": (
            "Grants: helps begun in the year per 10,000 residents under 21 (use_rates)."
        ),
        "d_out_of_home_share": (
            "Settings: share of the running helps per setting; out of home: residential "
            "helps (setting_mix, KeZa 53.a)."
        ),
        "d_ended_as_planned_share": (
            "Ended as planned: share of the helps ended in the year that ended as the help "
            "plan foresaw (planned_endings)."
        ),
        "d_resolved_in_space_share": (
            "Resolved without formal help: share of the cases closed in the year that were "
            "resolved in the space without help for upbringing (resolved_without_help)."
        ),
        "d_work": (
            "Case-overarching and case-independent work: recorded hours and cost, share of "
            "the space's spending (work_metrics)."
        ),
        "d_gas": (
            "Goal attainment: Kiresuk–Sherman T-score with ρ = 0.3 per help plan, its mean "
            "and the share with T ≥ 50 (goal_attainment)."
        ),
        "d_budget": (
            "Budget: allocation by the rule set, every amount exact to the cent (allocate); "
            "execution and forecast by spend and forecast."
        ),
    },
}


def text(lang: str, key: str, **params: Any) -> str:
    """The text ``key`` in ``lang`` with ``params`` filled in.

    :raises ValidationError: ``lang.unknown`` for a language without texts.
    :raises LookupError: for an unknown key (a programming error, not user data).
    """
    template = TEXTS[check_lang(lang)].get(key)
    if template is None:
        raise LookupError(f"no report text {key!r}")
    return template.format(**params)
