"""The statistics code lists (Kinder- und Jugendhilfestatistik Teil I, § 8a, § 42).

Each list names its version, the reporting years it is valid for, its source and whether its
entries were checked against that source (``verified``). See the package documentation for
the table of lists and sources.
"""

from __future__ import annotations

from ._codes import CodeEntry, CodeList

__all__ = [
    "CASE_CLOSING_REASONS",
    "CUSTODY_ENDINGS",
    "CUSTODY_GROUNDS",
    "CUSTODY_INITIATORS",
    "CUSTODY_KINDS",
    "CUSTODY_PLACEMENTS",
    "CUSTODY_TRIGGERS",
    "DANGER_FORMS",
    "DANGER_SOURCES",
    "ENDING_REASONS",
    "FAMILY_COURT_DECISIONS",
    "FAMILY_SITUATIONS",
    "HELP_REASONS",
    "INITIATING_INSTITUTIONS",
    "PLACES_OF_DELIVERY",
    "PROVIDER_KINDS",
    "RISK_ASSESSMENT_RESULTS",
    "RISK_NOTIFIERS",
    "STANDARD_LISTS",
    "SUBSEQUENT_HELPS",
    "WHEREABOUTS",
]


def _e(code: str, label_de: str, label_en: str, **flags: bool) -> CodeEntry:
    return CodeEntry(code=code, label_de=label_de, label_en=label_en, **flags)


_EBKUS = "[S83] EBKuS 4.0.2 sql/merkmale_standard.py, federal statistic 2007"
_EBKUS_VERSION = "ebkus-2007"
_JM = "des jungen Menschen"

HELP_REASONS = CodeList(
    name="help_reasons",
    version=_EBKUS_VERSION,
    source=_EBKUS,
    valid_from=2007,
    verified=True,
    title_de="Gründe für die Hilfegewährung",
    title_en="reasons for granting the help",
    entries=(
        _e("10", f"Unversorgtheit {_JM}", "young person left without care"),
        _e(
            "11",
            f"Unzureichende Förderung/Betreuung/Versorgung {_JM} in der Familie",
            "insufficient support, supervision or provision for the young person in the family",
        ),
        _e("12", "Gefährdung des Kindeswohls", "danger to the child's welfare"),
        _e(
            "13",
            "Eingeschränkte Erziehungskompetenz der Eltern/Personensorgeberechtigten",
            "limited parenting competence of the parents or persons with custody",
        ),
        _e(
            "14",
            f"Belastungen {_JM} durch Problemlagen der Eltern",
            "strain on the young person from the parents' problems",
        ),
        _e(
            "15",
            f"Belastungen {_JM} durch familiäre Konflikte",
            "strain on the young person from family conflicts",
        ),
        _e(
            "16",
            f"Auffälligkeiten im sozialen Verhalten (dissoziales Verhalten) {_JM}",
            "conspicuous social behaviour (dissocial behaviour) of the young person",
        ),
        _e(
            "17",
            f"Entwicklungsauffälligkeiten/seelische Probleme {_JM}",
            "developmental abnormalities or psychological problems of the young person",
        ),
        _e(
            "18",
            f"Schulische/berufliche Probleme {_JM}",
            "problems of the young person at school or in vocational training",
        ),
        _e(
            "19",
            "Übernahme von einem anderen Jugendamt wegen Zuständigkeitswechsels",
            "taken over from another Jugendamt after a change of responsibility",
        ),
    ),
)
"""Reasons for granting a help (several per help), federal statistic 2007 via EBKuS."""

_DEVIATING = "Beendigung abweichend von Hilfeplan/Beratungszielen"

ENDING_REASONS = CodeList(
    name="ending_reasons",
    version=_EBKUS_VERSION,
    source=_EBKUS,
    valid_from=2007,
    verified=True,
    title_de="Gründe für die Beendigung der Hilfe",
    title_en="reasons for ending the help",
    entries=(
        _e(
            "10",
            "Beendigung gemäß Hilfeplan/Beratungszielen",
            "ended as set out in the help plan or counselling goals",
            planned=True,
        ),
        _e(
            "20",
            f"{_DEVIATING} durch die Sorgeberechtigten/den jungen Volljährigen "
            "(auch durch unzureichende Mitwirkung)",
            "ended other than planned by the persons with custody or the young adult "
            "(including lack of cooperation)",
        ),
        _e(
            "21",
            f"{_DEVIATING} durch die bisher betreuende Einrichtung, die Pflegefamilie, den Dienst",
            "ended other than planned by the facility, foster family or service providing care",
        ),
        _e(
            "22",
            f"{_DEVIATING} durch den Minderjährigen",
            "ended other than planned by the minor",
        ),
        _e("30", "Adoptionspflege/Adoption", "adoption placement or adoption"),
        _e(
            "40",
            "Abgabe an ein anderes Jugendamt wegen Zuständigkeitswechsels",
            "handed over to another Jugendamt after a change of responsibility",
            transfer=True,
        ),
        _e("50", "Sonstige Gründe", "other reasons"),
    ),
)
"""Reasons for ending a help, federal statistic 2007 via EBKuS.

Only ``"10"`` counts as *planned*; ``"40"`` (handed over) is left out of the denominator of
the planned-ending quota (domain 5.3).
"""

INITIATING_INSTITUTIONS = CodeList(
    name="initiating_institutions",
    version=_EBKUS_VERSION,
    source=_EBKUS,
    valid_from=2007,
    verified=True,
    title_de="Die Hilfe anregende Institution oder Person",
    title_en="institution or person that suggested the help",
    entries=(
        _e("1", "Junger Mensch selbst", "the young person themself"),
        _e("2", "Eltern bzw. Personensorgeberechtigte", "parents or persons with custody"),
        _e("3", "Schule/Kindertageseinrichtung", "school or day-care centre"),
        _e(
            "4",
            "Soziale Dienste und andere Institutionen (z. B. Jugendamt)",
            "social services and other institutions (e.g. Jugendamt)",
        ),
        _e("5", "Gericht/Staatsanwaltschaft/Polizei", "court, public prosecutor or police"),
        _e("6", "Arzt/Klinik/Gesundheitsamt", "doctor, hospital or public health office"),
        _e("7", "Ehemalige Klienten/Bekannte", "former clients or acquaintances"),
        _e("8", "Sonstige", "other"),
    ),
)
"""Who suggested the help (§ 99 Abs. 1 SGB VIII), federal statistic 2007 via EBKuS."""

PROVIDER_KINDS = CodeList(
    name="provider_kinds",
    version=_EBKUS_VERSION,
    source=_EBKUS,
    valid_from=2007,
    verified=True,
    title_de="Träger der Einrichtung oder des Dienstes",
    title_en="kind of provider of the facility or service",
    entries=(
        _e("10", "Träger der öffentlichen Jugendhilfe", "public youth welfare provider"),
        _e(
            "21",
            "Arbeiterwohlfahrt oder deren Mitgliedsorganisation",
            "Arbeiterwohlfahrt (AWO) or a member organisation",
        ),
        _e(
            "22",
            "Deutscher Paritätischer Wohlfahrtsverband oder dessen Mitgliedsorganisation",
            "Der Paritätische or a member organisation",
        ),
        _e(
            "23",
            "Deutsches Rotes Kreuz oder dessen Mitgliedsorganisation",
            "German Red Cross (DRK) or a member organisation",
        ),
        _e(
            "24",
            "Diakonisches Werk oder sonstiger der EKD angeschlossener Träger",
            "Diakonie or another provider affiliated with the Protestant Church (EKD)",
        ),
        _e(
            "25",
            "Deutscher Caritasverband oder sonstiger katholischer Träger",
            "Caritas or another Catholic provider",
        ),
        _e(
            "26",
            "Zentralwohlfahrtsstelle der Juden in Deutschland oder jüdische Kultusgemeinde",
            "Central Welfare Board of Jews in Germany (ZWST) or a Jewish community",
        ),
        _e(
            "27",
            "Sonstige Religionsgemeinschaft des öffentlichen Rechts",
            "other religious community under public law",
        ),
        _e(
            "28",
            "Sonstiger anerkannter Träger der Jugendhilfe",
            "other recognised youth welfare provider",
        ),
        _e(
            "29",
            "Sonstige juristische Person, andere Vereinigung",
            "other legal person or association",
        ),
        _e("30", "Wirtschaftsunternehmen (privat-gewerblich)", "commercial (for-profit) company"),
        _e(
            "40",
            "Pflegefamilie, die Vollzeitpflege gemäß § 33 SGB VIII durchführt",
            "foster family providing full-time foster care under § 33 SGB VIII",
        ),
    ),
)
"""Kinds of provider (öffentlicher / freier Träger and Verband), federal statistic 2007."""

_KWG = "Kindeswohlgefährdung"

RISK_ASSESSMENT_RESULTS = CodeList(
    name="risk_assessment_results",
    version="8a-2012",
    source="[S87][S88] § 8a statistic since 2012 (Bayerisches Landesamt für Statistik; Destatis)",
    valid_from=2012,
    verified=True,
    title_de="Ergebnis der Gefährdungseinschätzung",
    title_en="result of the risk assessment",
    entries=(
        _e(
            "acute",
            f"akute {_KWG}",
            "acute danger to the child's welfare (clearly established)",
        ),
        _e(
            "latent",
            f"latente {_KWG}",
            "latent danger to the child's welfare (cannot be ruled out, serious suspicion)",
        ),
        _e(
            "help_needed",
            f"keine {_KWG}, aber Hilfe-/Unterstützungsbedarf",
            "no danger to the child's welfare, but a need for help or support",
        ),
        _e(
            "no_help_needed",
            f"keine {_KWG} und kein (weiterer) Hilfebedarf",
            "no danger to the child's welfare and no (further) need for help",
        ),
    ),
)
"""The four results of a § 8a Gefährdungseinschätzung."""

DANGER_FORMS = CodeList(
    name="danger_forms",
    version="8a-2012",
    source="[S88][S89] § 8a statistic, Destatis",
    valid_from=2012,
    verified=True,
    title_de="Art der Kindeswohlgefährdung",
    title_en="form of danger to the child's welfare",
    entries=(
        _e("neglect", "Vernachlässigung", "neglect"),
        _e("psychological", "psychische Gewalt", "psychological abuse"),
        _e("physical", "körperliche Gewalt", "physical abuse"),
        _e("sexual", "sexuelle Gewalt", "sexual violence"),
    ),
)
"""Forms of danger recorded in the § 8a statistic (several per assessment)."""

CASE_CLOSING_REASONS = CodeList(
    name="case_closing_reasons",
    version="sozialraum-1",
    source="sozialraum (own list, not a statistics code list); transfer per § 86c SGB VIII [S1]",
    verified=True,
    title_de="Gründe für den Abschluss der Fallakte",
    title_en="reasons for closing the case file",
    entries=(
        _e("planned", "Abschluss gemäß Hilfeplan", "closed as planned", planned=True),
        _e("not_as_planned", "Abschluss abweichend vom Hilfeplan", "closed other than planned"),
        _e(
            "transfer",
            "Abgabe an ein anderes Jugendamt (§ 86c SGB VIII)",
            "handed over to another Jugendamt (§ 86c SGB VIII)",
            transfer=True,
        ),
        _e("no_help_needed", "Kein Hilfebedarf festgestellt", "no need for help found"),
        _e(
            "resolved_in_social_space",
            "Gelöst mit Ressourcen des Sozialraums",
            "resolved with resources of the social space",
        ),
        _e("other", "Sonstige Gründe", "other reasons"),
    ),
)
"""Why a whole case file was closed: sozialraum's own list, not part of the statistics.

``resolved_in_social_space`` records the Fachkonzept's core promise: a need met by the
resources of the social space instead of a formal help.
"""

PLACES_OF_DELIVERY = CodeList(
    name="places_of_delivery",
    version=_EBKUS_VERSION,
    source=_EBKUS,
    valid_from=2007,
    verified=True,
    title_de="Ort der Durchführung der Hilfe",
    title_en="place where the help is carried out",
    entries=(
        _e("01", "In der Wohnung der Herkunftsfamilie/Adoptivfamilie", "in the family's home"),
        _e("02", "In (der Wohnung) einer Verwandtenfamilie", "in the home of relatives"),
        _e(
            "03",
            "In einer nicht-verwandten Familie (privater Haushalt)",
            "in a non-related family (private household)",
        ),
        _e("04", "In einer Einrichtung der Kindertagesbetreuung", "in a day-care facility"),
        _e("05", "In der Schule", "at school"),
        _e(
            "06",
            "In den Räumen eines ambulanten Dienstes/einer Beratungsstelle",
            "on the premises of a non-residential service or counselling centre",
        ),
        _e("07", "In einer Einrichtung über Tag", "in a day facility"),
        _e(
            "08",
            "In einer Mehrgruppen-Einrichtung über Tag und Nacht",
            "in a multi-group 24-hour facility",
        ),
        _e(
            "09",
            "In einer Eingruppen-Einrichtung (auch Außenwohngruppe) über Tag und Nacht",
            "in a single-group 24-hour facility (including satellite groups)",
        ),
        _e(
            "10",
            "In der Wohnung des Jugendlichen/jungen Volljährigen",
            "in the young person's own home",
        ),
        _e("11", "Außerhalb von Deutschland", "outside Germany"),
        _e(
            "12",
            "Sonstiger Ort (z. B. JVA, Klinik, Frauenhaus)",
            "other place (e.g. prison, hospital, women's shelter)",
        ),
    ),
)
"""Where the help is carried out (*Ort der Durchführung*, § 99 Abs. 1 Nr. 1 c), 12 values."""

WHEREABOUTS = CodeList(
    name="whereabouts",
    version=_EBKUS_VERSION,
    source=_EBKUS,
    valid_from=2007,
    verified=True,
    title_de="Aufenthaltsort vor bzw. nach der Hilfe",
    title_en="where the young person lives before or after the help",
    entries=(
        _e(
            "01",
            "Im Haushalt der Eltern/eines Elternteils/des Sorgeberechtigten",
            "in the household of the parents, a parent or the person with custody",
        ),
        _e("02", "In einer Verwandtenfamilie", "with relatives"),
        _e(
            "03",
            "In einer nicht-verwandten Familie (z. B. Pflegestelle)",
            "in a non-related family (e.g. a foster placement)",
        ),
        _e("04", "In der eigenen Wohnung", "in their own home"),
        _e("05", "In einer Pflegefamilie", "in a foster family"),
        _e(
            "06",
            "In einem Heim oder einer betreuten Wohnform",
            "in a residential home or supervised housing",
        ),
        _e("07", "In der Psychiatrie", "in a psychiatric hospital"),
        _e(
            "08",
            "In einer sozialpädagogisch betreuten Einrichtung (z. B. Internat, "
            "Mutter-/Vater-Kind-Einrichtung)",
            "in a socio-educationally supervised facility (e.g. boarding school, "
            "mother/father-and-child facility)",
        ),
        _e(
            "09",
            "Sonstiger Aufenthalt (z. B. JVA, Frauenhaus)",
            "elsewhere (e.g. prison, women's shelter)",
        ),
        _e("10", "Ohne festen Aufenthalt", "no fixed abode"),
        _e("11", "An unbekanntem Ort", "whereabouts unknown"),
    ),
)
"""Where the young person lives before and after the help (§ 99 Abs. 1 Nr. 2), 11 values."""

FAMILY_SITUATIONS = CodeList(
    name="family_situations",
    version=_EBKUS_VERSION,
    source=_EBKUS,
    valid_from=2007,
    verified=True,
    title_de="Situation in der Herkunftsfamilie",
    title_en="situation in the family of origin",
    entries=(
        _e("1", "Eltern leben zusammen", "parents live together"),
        _e(
            "2",
            "Elternteil lebt alleine ohne (Ehe-)Partner (mit/ohne weitere/n Kinder/n)",
            "a parent lives alone without a partner (with or without other children)",
        ),
        _e(
            "3",
            "Elternteil lebt mit neuer Partnerin/neuem Partner (z. B. Stiefelternkonstellation)",
            "a parent lives with a new partner (e.g. step-family)",
        ),
        _e("4", "Beide Eltern sind verstorben", "both parents have died"),
        _e("5", "Unbekannt", "unknown"),
    ),
)
"""The family situation at the start of the help (*Lebenssituation*, § 99 Abs. 1 Nr. 2)."""

SUBSEQUENT_HELPS = CodeList(
    name="subsequent_helps",
    version=_EBKUS_VERSION,
    source=_EBKUS,
    valid_from=2007,
    verified=True,
    title_de="Unmittelbar nachfolgende Hilfe",
    title_en="help immediately following",
    entries=(
        _e(
            "1",
            "Zuständigkeitswechsel: Fortführung in derselben Pflegefamilie bzw. Einrichtung",
            "change of responsibility: continued in the same foster family or facility",
        ),
        _e(
            "2",
            "Weiterverweisung an andere Beratungsstellen oder Einrichtungen",
            "referred on to other counselling services or institutions",
        ),
        _e(
            "3",
            "Beratung in allgemeinen Fragen der Erziehung durch den ASD (§ 16 Abs. 2 Nr. 2)",
            "counselling on general questions of upbringing by the ASD (§ 16(2) no. 2)",
        ),
        _e(
            "4",
            "Hilfe zur Erziehung gemäß §§ 27–35, 41 SGB VIII",
            "help for upbringing under §§ 27–35, 41 SGB VIII",
        ),
        _e("5", "Eingliederungshilfe gemäß § 35a SGB VIII", "integration assistance (§ 35a)"),
        _e(
            "6",
            "Keine nachfolgende Hilfe gemäß §§ 27–35, 41 SGB VIII bekannt",
            "no following help under §§ 27–35, 41 SGB VIII known",
        ),
    ),
)
"""The help that follows immediately (§ 99 Abs. 1 Nr. 2; also after a § 42 measure)."""

FAMILY_COURT_DECISIONS = CodeList(
    name="family_court_decisions",
    version="sozialraum-2",
    source=(
        "sozialraum's reading of § 99 Abs. 1 Nr. 1 e SGB VIII (family-court decisions at the "
        "start of the help; §§ 1666, 1666a BGB) — not checked against the Erhebungsbogen"
    ),
    valid_from=2007,
    verified=False,
    title_de="Familiengerichtliche Entscheidung zu Beginn der Hilfe",
    title_en="family-court decision at the start of the help",
    entries=(
        _e("none", "Keine familiengerichtliche Entscheidung", "no family-court decision"),
        _e(
            "custody_withdrawn_fully",
            "Vollständiger Entzug der elterlichen Sorge (§ 1666 BGB)",
            "parental custody withdrawn completely (§ 1666 BGB)",
        ),
        _e(
            "custody_withdrawn_partly",
            "Teilweiser Entzug der elterlichen Sorge (z. B. Aufenthaltsbestimmungsrecht)",
            "parental custody withdrawn in part (e.g. the right to decide residence)",
        ),
        _e(
            "other_order",
            "Sonstige Anordnung (z. B. Gebote nach § 1666 Abs. 3 BGB)",
            "another order (e.g. injunctions under § 1666(3) BGB)",
        ),
    ),
)
"""Family-court decisions at the start of a help (unverified list, sozialraum's own codes)."""

_8A_UNVERIFIED = (
    "sozialraum's list after the categories of Destatis § 8a publications (press release "
    "6.9.2024; domain 5.5) — categories and codes not checked against the Erhebungsbogen"
)

RISK_NOTIFIERS = CodeList(
    name="risk_notifiers",
    version="sozialraum-2",
    source=_8A_UNVERIFIED,
    valid_from=2012,
    verified=False,
    title_de="Bekanntwerden der Gefährdung durch (hinweisgebende Institution oder Person)",
    title_en="institution or person that notified the danger",
    entries=(
        _e("police_court", "Polizei/Gericht/Staatsanwaltschaft", "police, court or prosecutor"),
        _e("school", "Schule", "school"),
        _e("day_care", "Kindertageseinrichtung/Kindertagespflege", "day care"),
        _e(
            "youth_services",
            "Einrichtung/Dienst der Kinder- und Jugendhilfe",
            "youth welfare service or facility",
        ),
        _e("social_services", "Sozialer Dienst/Jugendamt", "social services or Jugendamt"),
        _e(
            "health",
            "Hebamme/Arzt/Klinik/Gesundheitsamt u. ä.",
            "midwife, doctor, hospital or health office",
        ),
        _e("counselling", "Beratungsstelle", "counselling centre"),
        _e("acquaintances_neighbours", "Bekannte/Nachbarn", "acquaintances or neighbours"),
        _e("relatives", "Verwandte", "relatives"),
        _e("parents", "Eltern/Personensorgeberechtigte", "parents or persons with custody"),
        _e("minor_self", "Minderjährige/r selbst", "the minor themself"),
        _e("anonymous", "Anonym", "anonymous"),
        _e("other", "Sonstige", "other"),
    ),
)
"""Who notified the danger (§ 99 Abs. 6): the § 8a statistic's own list (unverified codes)."""

DANGER_SOURCES = CodeList(
    name="danger_sources",
    version="sozialraum-2",
    source=_8A_UNVERIFIED,
    valid_from=2012,
    verified=False,
    title_de="Person, von der die Gefährdung ausgeht",
    title_en="person from whom the danger comes",
    entries=(
        _e("mother", "Mutter", "mother"),
        _e("father", "Vater", "father"),
        _e(
            "step_parent",
            "Stiefelternteil/neue Partnerin oder neuer Partner eines Elternteils",
            "step-parent or a parent's new partner",
        ),
        _e("foster_parent", "Pflegeelternteil", "foster parent"),
        _e("grandparents_relatives", "Großeltern/andere Verwandte", "grandparents or relatives"),
        _e("other", "Sonstige Person", "another person"),
        _e("unknown", "Unbekannt", "unknown"),
    ),
)
"""From whom the danger comes (§ 99 Abs. 6; several per assessment; unverified codes)."""

_SGB8_42 = "[S1] § 42, § 42a SGB VIII (statute text, KJSG 2021)"

CUSTODY_KINDS = CodeList(
    name="custody_kinds",
    version="sgb8-2021",
    source=_SGB8_42,
    valid_from=2017,
    verified=True,
    title_de="Art der vorläufigen Schutzmaßnahme",
    title_en="kind of provisional protective measure",
    entries=(
        _e("42", "Inobhutnahme (§ 42 SGB VIII)", "protective custody (§ 42)"),
        _e(
            "42a",
            "Vorläufige Inobhutnahme nach unbegleiteter Einreise (§ 42a SGB VIII)",
            "provisional protective custody after unaccompanied entry (§ 42a)",
        ),
    ),
)
"""§ 42 or § 42a (the latter since 1 November 2015, reported from 2017)."""

CUSTODY_GROUNDS = CodeList(
    name="custody_grounds",
    version="sgb8-2021",
    source="[S1] § 42 Abs. 1 Satz 1 Nr. 1–3 SGB VIII (statute text)",
    valid_from=2007,
    verified=True,
    title_de="Grund der Inobhutnahme (§ 42 Abs. 1 Satz 1)",
    title_en="ground for protective custody (§ 42(1) sentence 1)",
    entries=(
        _e("1", "Das Kind oder der Jugendliche bittet um Obhut (Nr. 1)", "the minor asks (no. 1)"),
        _e(
            "2",
            "Dringende Gefahr für das Wohl des Kindes oder des Jugendlichen (Nr. 2)",
            "urgent danger to the minor's welfare (no. 2)",
        ),
        _e(
            "3",
            "Unbegleitete Einreise eines ausländischen Kindes oder Jugendlichen (Nr. 3)",
            "a foreign minor entered Germany unaccompanied (no. 3)",
        ),
    ),
)
"""The three grounds of § 42(1) sentence 1 SGB VIII."""

CUSTODY_PLACEMENTS = CodeList(
    name="custody_placements",
    version="sgb8-2021",
    source="[S1] § 42 Abs. 1 Satz 2 SGB VIII (statute text)",
    valid_from=2007,
    verified=True,
    title_de="Unterbringung während der Inobhutnahme",
    title_en="placement during protective custody",
    entries=(
        _e("person", "Bei einer geeigneten Person", "with a suitable person"),
        _e("facility", "In einer geeigneten Einrichtung", "in a suitable facility"),
        _e("other_housing", "In einer sonstigen Wohnform", "in another form of housing"),
    ),
)
"""Where the minor is placed (§ 42(1) sentence 2: person, facility or other housing)."""

_42_UNVERIFIED = (
    "sozialraum's list after § 99 Abs. 2 SGB VIII and the Destatis tables of vorläufige "
    "Schutzmaßnahmen — categories and codes not checked against the Erhebungsbogen"
)

CUSTODY_TRIGGERS = CodeList(
    name="custody_triggers",
    version="sozialraum-2",
    source=_42_UNVERIFIED,
    valid_from=2007,
    verified=False,
    title_de="Anlass der Maßnahme",
    title_en="what led to the measure",
    entries=(
        _e(
            "parents_overwhelmed",
            "Überforderung der Eltern/eines Elternteils",
            "parents overwhelmed",
        ),
        _e("neglect", "Vernachlässigung", "neglect"),
        _e("abuse_signs", "Anzeichen für Misshandlung", "signs of abuse"),
        _e("sexual_abuse_signs", "Anzeichen für sexuellen Missbrauch", "signs of sexual abuse"),
        _e("relationship_problems", "Beziehungsprobleme", "relationship problems"),
        _e("housing_problems", "Wohnungsprobleme", "housing problems"),
        _e("delinquency", "Delinquenz/Straftat des jungen Menschen", "delinquency of the minor"),
        _e("addiction", "Suchtprobleme des jungen Menschen", "addiction of the minor"),
        _e(
            "placement_problems",
            "Integrationsprobleme im Heim/in der Pflegefamilie",
            "problems in the residential home or foster family",
        ),
        _e("unaccompanied_entry", "Unbegleitete Einreise aus dem Ausland", "unaccompanied entry"),
        _e("other", "Sonstige Probleme", "other problems"),
    ),
)
"""What led to a § 42/§ 42a measure (several per measure; unverified codes)."""

CUSTODY_INITIATORS = CodeList(
    name="custody_initiators",
    version="sozialraum-2",
    source=_42_UNVERIFIED,
    valid_from=2007,
    verified=False,
    title_de="Die Maßnahme anregende Institution oder Person",
    title_en="who gave notice or suggested the measure",
    entries=(
        _e("minor_self", "Kind/Jugendlicher selbst", "the minor themself"),
        _e("parents", "Eltern/Personensorgeberechtigte", "parents or persons with custody"),
        _e("social_services", "Sozialer Dienst/Jugendamt", "social services or Jugendamt"),
        _e("police", "Polizei/Ordnungsbehörde", "police or public order office"),
        _e("school_day_care", "Schule/Kindertageseinrichtung", "school or day care"),
        _e("health", "Arzt/Klinik/Gesundheitsamt", "doctor, hospital or health office"),
        _e("acquaintances_neighbours", "Bekannte/Nachbarn", "acquaintances or neighbours"),
        _e("other", "Sonstige", "other"),
    ),
)
"""Who gave notice of a § 42/§ 42a measure (unverified codes)."""

CUSTODY_ENDINGS = CodeList(
    name="custody_endings",
    version="sozialraum-2",
    source=_42_UNVERIFIED,
    valid_from=2007,
    verified=False,
    title_de="Ende der Maßnahme",
    title_en="how the measure ended",
    entries=(
        _e(
            "returned_to_custodians",
            "Rückkehr zu den Personensorgeberechtigten",
            "returned to the persons with custody",
        ),
        _e("foster_family", "Übergang in eine Pflegefamilie", "moved to a foster family"),
        _e(
            "residential_help",
            "Übergang in ein Heim/eine betreute Wohnform",
            "moved to residential care or supervised housing",
        ),
        _e("hospital", "Übergang in ein Krankenhaus/die Psychiatrie", "moved to a hospital"),
        _e(
            "other_youth_office",
            "Übernahme durch ein anderes Jugendamt",
            "taken over by another Jugendamt",
            transfer=True,
        ),
        _e("ran_away", "Entweichen/unbekannter Aufenthalt", "ran away or whereabouts unknown"),
        _e("other", "Sonstiges", "other"),
    ),
)
"""How a § 42/§ 42a measure ended (unverified codes)."""

#: The code lists sozialraum ships, in documentation order.
STANDARD_LISTS: tuple[CodeList, ...] = (
    HELP_REASONS,
    ENDING_REASONS,
    INITIATING_INSTITUTIONS,
    PROVIDER_KINDS,
    PLACES_OF_DELIVERY,
    WHEREABOUTS,
    FAMILY_SITUATIONS,
    SUBSEQUENT_HELPS,
    FAMILY_COURT_DECISIONS,
    RISK_ASSESSMENT_RESULTS,
    DANGER_FORMS,
    RISK_NOTIFIERS,
    DANGER_SOURCES,
    CUSTODY_KINDS,
    CUSTODY_GROUNDS,
    CUSTODY_PLACEMENTS,
    CUSTODY_TRIGGERS,
    CUSTODY_INITIATORS,
    CUSTODY_ENDINGS,
    CASE_CLOSING_REASONS,
)


# Examples for the code-list constants (attribute docstrings are not collected by doctest).
__test__ = {
    "HELP_REASONS": """
>>> from sozialraum.catalog import HELP_REASONS
>>> HELP_REASONS.get("12").label_de
'Gefährdung des Kindeswohls'
""",
    "ENDING_REASONS": """
>>> from sozialraum.catalog import ENDING_REASONS
>>> [e.code for e in ENDING_REASONS if e.planned], [e.code for e in ENDING_REASONS if e.transfer]
(['10'], ['40'])
""",
    "PLACES_OF_DELIVERY": """
>>> from sozialraum.catalog import PLACES_OF_DELIVERY
>>> len(PLACES_OF_DELIVERY), PLACES_OF_DELIVERY.get("05").label_de
(12, 'In der Schule')
""",
    "CUSTODY_GROUNDS": """
>>> from sozialraum.catalog import CUSTODY_GROUNDS
>>> CUSTODY_GROUNDS.codes, CUSTODY_GROUNDS.verified
(('1', '2', '3'), True)
""",
    "RISK_NOTIFIERS": """
>>> from sozialraum.catalog import RISK_NOTIFIERS
>>> "anonymous" in RISK_NOTIFIERS, RISK_NOTIFIERS.verified
(True, False)
""",
    "INITIATING_INSTITUTIONS": """
>>> from sozialraum.catalog import INITIATING_INSTITUTIONS
>>> INITIATING_INSTITUTIONS.codes
('1', '2', '3', '4', '5', '6', '7', '8')
""",
    "PROVIDER_KINDS": """
>>> from sozialraum.catalog import PROVIDER_KINDS
>>> PROVIDER_KINDS.get("30").label_en
'commercial (for-profit) company'
""",
    "RISK_ASSESSMENT_RESULTS": """
>>> from sozialraum.catalog import RISK_ASSESSMENT_RESULTS
>>> RISK_ASSESSMENT_RESULTS.get("latent").label_de
'latente Kindeswohlgefährdung'
""",
    "DANGER_FORMS": """
>>> from sozialraum.catalog import DANGER_FORMS
>>> DANGER_FORMS.get("physical").label_de
'körperliche Gewalt'
""",
    "CASE_CLOSING_REASONS": """
>>> from sozialraum.catalog import CASE_CLOSING_REASONS
>>> CASE_CLOSING_REASONS.get("resolved_in_social_space").label_de
'Gelöst mit Ressourcen des Sozialraums'
""",
}
