"""The events of the default SGB VIII process: small frozen records with their own data.

Each class name is the event's stable type tag in data. Events that concern one help carry
its ``help_id`` (a pseudonymous key of the case's help, e.g. the id of the
:class:`~sozialraum.model.Help`), so several helps can run at once; without one, an event
concerns "the" help of a single-help history (see :mod:`sozialraum.lifecycle.sgb8.helps`).
Code fields carry the name of their code list as attrs metadata (``code_list``), so the
schema module validates them and lists the codes in the JSON Schema; the guards check them
again for events built in code.

>>> from datetime import date
>>> HelpGranted(on=date(2024, 3, 1), help_type="31", decided_by="youth_office",
...             expected_months=12).decided_by
<DecidedBy.YOUTH_OFFICE: 'youth_office'>
"""

from __future__ import annotations

import enum
from datetime import date
from typing import ClassVar

import attrs

from ... import messages
from ...errors import ValidationError
from ..events import Event

__all__ = [
    "CaseClosed",
    "ClarificationStarted",
    "CustodyEnded",
    "CustodyParagraph",
    "CustodyTaken",
    "DecidedBy",
    "HelpEnded",
    "HelpGranted",
    "HelpPlanAgreed",
    "HelpProposed",
    "PlanReviewed",
    "PlanningStarted",
    "ReferralReceived",
    "RiskAssessed",
    "RiskConcernRaised",
    "SpecialistStatementRecorded",
    "TeamConsulted",
    "TransferCancelled",
    "TransferCompleted",
    "TransferStarted",
]

messages.define("decided_by.invalid", "expected 'youth_office' or 'provider'")
messages.define("paragraph.invalid", "expected '42' or '42a'")


class DecidedBy(enum.StrEnum):
    """Who took a decision: the youth office (öffentlicher Träger) or a provider."""

    YOUTH_OFFICE = "youth_office"
    PROVIDER = "provider"


class CustodyParagraph(enum.StrEnum):
    """Inobhutnahme (§ 42) or vorläufige Inobhutnahme of an unaccompanied minor (§ 42a)."""

    S42 = "42"
    S42A = "42a"


def _decided_by(value: DecidedBy | str) -> DecidedBy:
    try:
        return DecidedBy(value)
    except ValueError:
        raise ValidationError.single("/decided_by", "decided_by.invalid") from None


def _custody_paragraph(value: CustodyParagraph | str) -> CustodyParagraph:
    try:
        return CustodyParagraph(value)
    except ValueError:
        raise ValidationError.single("/paragraph", "paragraph.invalid") from None


# fmt: off
@attrs.frozen(kw_only=True)
class ReferralReceived(Event):
    """Anfrage/Meldung; ``initiator`` is a code of ``INITIATING_INSTITUTIONS`` (§ 99)."""
    label_de: ClassVar[str] = "Anfrage/Meldung"
    label_en: ClassVar[str] = "referral"
    initiator: str | None = attrs.field(
        default=None, metadata={"code_list": "initiating_institutions"}
    )

@attrs.frozen(kw_only=True)
class ClarificationStarted(Event):
    """Beratung und Klärung begin (§ 36 Abs. 1)."""
    label_de: ClassVar[str] = "Klärung beginnt"
    label_en: ClassVar[str] = "clarification starts"

@attrs.frozen(kw_only=True)
class TeamConsulted(Event):
    """The social-space team held its collegial case consultation."""
    label_de: ClassVar[str] = "Fallberatung im Sozialraumteam"
    label_en: ClassVar[str] = "social-space team consultation"

@attrs.frozen(kw_only=True)
class SpecialistStatementRecorded(Event):
    """The medical/psychotherapeutic statement of § 35a Abs. 1a is on file (for the help
    ``help_id``; without one, for the next § 35a help granted)."""
    label_de: ClassVar[str] = "Stellungnahme § 35a Abs. 1a"
    label_en: ClassVar[str] = "specialist statement"
    help_id: str | None = None

@attrs.frozen(kw_only=True)
class RiskConcernRaised(Event):
    """Gewichtige Anhaltspunkte: a § 8a risk assessment starts."""
    label_de: ClassVar[str] = "gewichtige Anhaltspunkte"
    label_en: ClassVar[str] = "risk concern"

@attrs.frozen(kw_only=True)
class RiskAssessed(Event):
    """The § 8a assessment is concluded; ``result`` is a ``RISK_ASSESSMENT_RESULTS`` code."""
    label_de: ClassVar[str] = "Gefährdungseinschätzung abgeschlossen"
    label_en: ClassVar[str] = "risk assessed"
    result: str = attrs.field(metadata={"code_list": "risk_assessment_results"})

@attrs.frozen(kw_only=True)
class CustodyTaken(Event):
    """Inobhutnahme (§ 42) or vorläufige Inobhutnahme (§ 42a)."""
    label_de: ClassVar[str] = "Inobhutnahme"
    label_en: ClassVar[str] = "emergency custody"
    paragraph: CustodyParagraph = attrs.field(
        default=CustodyParagraph.S42, converter=_custody_paragraph
    )

@attrs.frozen(kw_only=True)
class CustodyEnded(Event):
    """The emergency custody ends; what follows is clarified."""
    label_de: ClassVar[str] = "Inobhutnahme beendet"
    label_en: ClassVar[str] = "custody ended"

@attrs.frozen(kw_only=True)
class PlanningStarted(Event):
    """Help planning starts (§ 36 Abs. 2), with the decision that help is needed."""
    label_de: ClassVar[str] = "Hilfeplanung beginnt"
    label_en: ClassVar[str] = "planning starts"

@attrs.frozen(kw_only=True)
class HelpProposed(Event):
    """A provider (or anyone) proposes a help; proposing is not granting (domain 1.4)."""
    label_de: ClassVar[str] = "Hilfe vorgeschlagen"
    label_en: ClassVar[str] = "help proposed"
    help_id: str | None = None
    help_type: str = attrs.field(metadata={"code_list": "help_types"})

@attrs.frozen(kw_only=True)
class HelpPlanAgreed(Event):
    """The written help plan is agreed in the Hilfeplangespräch (§ 36 Abs. 2);
    ``next_review_on`` is the first review it agrees, if any."""
    label_de: ClassVar[str] = "Hilfeplan vereinbart"
    label_en: ClassVar[str] = "help plan agreed"
    help_id: str | None = None
    next_review_on: date | None = None

@attrs.frozen(kw_only=True)
class HelpGranted(Event):
    """The grant decision (Bewilligung); the help starts on ``on``."""
    label_de: ClassVar[str] = "Hilfe bewilligt"
    label_en: ClassVar[str] = "help granted"
    help_id: str | None = None
    help_type: str = attrs.field(metadata={"code_list": "help_types"})
    decided_by: DecidedBy = attrs.field(converter=_decided_by)
    expected_months: int = attrs.field(metadata={"minimum": 1})
    young_adult_justification: str | None = attrs.field(default=None, repr=False)

@attrs.frozen(kw_only=True)
class PlanReviewed(Event):
    """The help plan was reviewed (Fortschreibung); ``next_review_on`` overrides the rule."""
    label_de: ClassVar[str] = "Hilfeplan fortgeschrieben"
    label_en: ClassVar[str] = "plan reviewed"
    help_id: str | None = None
    next_review_on: date | None = None

@attrs.frozen(kw_only=True)
class HelpEnded(Event):
    """The help ends; ``ending_reason`` is an ``ENDING_REASONS`` code (§ 99)."""
    label_de: ClassVar[str] = "Hilfe beendet"
    label_en: ClassVar[str] = "help ended"
    help_id: str | None = None
    ending_reason: str = attrs.field(metadata={"code_list": "ending_reasons"})

@attrs.frozen(kw_only=True)
class TransferStarted(Event):
    """Another youth office becomes responsible (§ 86); handover per § 86c starts."""
    label_de: ClassVar[str] = "Abgabe eingeleitet"
    label_en: ClassVar[str] = "transfer started"

@attrs.frozen(kw_only=True)
class TransferCancelled(Event):
    """The transfer does not happen; the case returns to where it was."""
    label_de: ClassVar[str] = "Abgabe abgebrochen"
    label_en: ClassVar[str] = "transfer cancelled"

@attrs.frozen(kw_only=True)
class TransferCompleted(Event):
    """The new youth office continues the help; this office closes the case (§ 86c)."""
    label_de: ClassVar[str] = "Abgabe vollzogen"
    label_en: ClassVar[str] = "transfer completed"

@attrs.frozen(kw_only=True)
class CaseClosed(Event):
    """The case file is closed; ``reason`` is a ``CASE_CLOSING_REASONS`` code."""
    label_de: ClassVar[str] = "Fall abgeschlossen"
    label_en: ClassVar[str] = "case closed"
    reason: str = attrs.field(metadata={"code_list": "case_closing_reasons"})
# fmt: on
