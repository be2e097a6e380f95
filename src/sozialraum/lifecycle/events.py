"""Events, guards and refusals: the small immutable pieces a process is made of.

An :class:`Event` is something that happened to a case on a day: a frozen attrs class that
carries its date (``on``), who recorded or decided it (``by``: a role or a pseudonymous
staff id, never a name) and optionally why (``note``), plus its own payload. Processes
define their events as subclasses; the class name is the event's stable type tag in data.

>>> from datetime import date
>>> import attrs
>>> @attrs.frozen(kw_only=True)
... class Called(Event):
...     label_en = "phone call"
...     minutes: int
>>> Called(on=date(2024, 3, 1), minutes=5, by="asd-17")
Called(on=datetime.date(2024, 3, 1), by='asd-17', minutes=5)
>>> Called(on="2024-03-01", minutes=5)
Traceback (most recent call last):
...
sozialraum.errors.ValidationError: 1 issue:
  /on: expected a date [type.invalid]
>>> Called.type_name(), Called.label("de")
('Called', 'phone call')

A :class:`Guard` is a named check attached to a transition. Its function receives the
event, the history so far, the caller's context and the process parameters, and returns
``None`` to allow the transition or a :class:`Refusal` that says why not.

>>> def short_calls(event, history, context, parameters):
...     if event.minutes > parameters.get("max_minutes", 30):
...         return Refusal("call.too_long", "the call is longer than allowed")
...     return None
>>> guard = Guard(name="short_calls", check=short_calls)
>>> guard.check(Called(on=date(2024, 3, 1), minutes=45), (), None, {})
Refusal(code='call.too_long', message='the call is longer than allowed')
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any, ClassVar, Literal, TypeAlias

import attrs

from .. import messages
from ..errors import Issue, ValidationError, _freeze_params
from ..model._base import type_problems

__all__ = [
    "Correction",
    "Event",
    "Guard",
    "GuardCheck",
    "Language",
    "Refusal",
]

#: Event classes whose field annotations cannot be checked at run time.
_UNCHECKED: set[type[Any]] = set()

#: Label languages of processes and diagrams.
Language: TypeAlias = Literal["de", "en"]


@attrs.frozen(kw_only=True)
class Event:
    """Something that happened to a case on a day; subclass it for each kind of event.

    :param on: the day it happened (its effective date). A history never goes back in time:
        an event dated before the last one is refused, except a :class:`Correction`.
    :param by: who decided or recorded it: a role (``"youth_office"``) or a pseudonymous
        staff id. Never a person's name.
    :param note: why, in a few words (kept in the history and saved with it; free text may
        be personal data, so it never shows in ``repr``/``str`` or error messages).

    Subclasses may set the class variables ``label_de`` and ``label_en`` for diagrams.
    """

    label_de: ClassVar[str] = ""
    label_en: ClassVar[str] = ""

    on: date
    by: str | None = None
    note: str | None = attrs.field(default=None, repr=False)

    def __attrs_post_init__(self) -> None:
        """Check the field types, as entities do: a string where a date belongs is a
        :class:`~sozialraum.errors.ValidationError` (``type.invalid``) now, not a
        ``TypeError`` in a guard later. Fields whose annotations cannot be checked at run
        time (``Any``, ``Literal`` …) are not checked."""
        cls = type(self)
        if cls in _UNCHECKED:
            return
        try:
            issues = type_problems(self)
        except (NameError, TypeError, AttributeError):  # annotations we cannot check
            _UNCHECKED.add(cls)
            return
        if issues:
            raise ValidationError(issues)

    @classmethod
    def type_name(cls) -> str:
        """The stable type tag of this event in data: the class name."""
        return cls.__name__

    @classmethod
    def label(cls, language: Language = "en") -> str:
        """A label for people in ``language``; falls back to the other one, then the name.

        >>> Correction.label("de"), Correction.label("en")
        ('Korrektur', 'correction')
        """
        first, second = (
            (cls.label_de, cls.label_en)
            if language == "de"
            else (
                cls.label_en,
                cls.label_de,
            )
        )
        return first or second or cls.__name__


@attrs.frozen(kw_only=True)
class Correction(Event):
    """An explicit, audited correction: from ``on`` the case really was in ``state``.

    Every process accepts it in every state, and it is the only event that may be dated
    before the last event of the history. Its ``by`` and ``note`` are required (who corrects
    and why). The history keeps the corrected events; :meth:`CaseFile.state_at
    <sozialraum.lifecycle.CaseFile.state_at>` shows the corrected timeline.

    >>> from datetime import date
    >>> Correction(on=date(2024, 5, 2), state="clarification", by="asd-17",
    ...            note="closing recorded in the wrong file").state
    'clarification'
    """

    label_de: ClassVar[str] = "Korrektur"
    label_en: ClassVar[str] = "correction"

    state: str


@attrs.frozen(slots=True)
class Refusal:
    """Why a guard refuses a transition.

    :param code: a stable machine code, e.g. ``"help_plan.missing"``.
    :param message: a sentence for people, without personal data.
    :param params: the parameters of the message's template (see :meth:`of`).
    :param key: the catalogue key of the message (``code`` or ``code#variant``).

    Build refusals with :meth:`of` from a key defined with :func:`sozialraum.messages.define`,
    so the reason can be given in German too (:meth:`message_in`).
    """

    code: str
    message: str
    params: tuple[tuple[str, messages.Param], ...] = attrs.field(
        default=(), converter=_freeze_params, repr=False
    )
    key: str = attrs.field(default="", eq=False, repr=False)

    @classmethod
    def of(cls, key: str, /, **params: messages.Param) -> Refusal:
        """The refusal of message ``key``, its message rendered from the catalogue."""
        return cls(messages.code_of(key), messages.render(key, params), params, key)

    def message_in(self, lang: str) -> str:
        """The message in ``lang`` (``"de"`` or ``"en"``)."""
        return Issue("", self.code, self.message, self.params, self.key).message_in(lang)


#: ``check(event, history, context, parameters) -> Refusal | None``. ``history`` holds the
#: events applied so far (oldest first): a read-only sequence valid for the call (it may
#: be the history the file shares with its later versions: do not keep or change it; use
#: :func:`~sozialraum.lifecycle.fold` for values derived from all of it). ``context`` is
#: whatever the caller passed (the default SGB VIII process uses
#: :class:`~sozialraum.lifecycle.sgb8.CaseContext`), ``parameters`` are the process
#: parameters.
GuardCheck: TypeAlias = Callable[[Any, Sequence[Event], Any, Mapping[str, int]], Refusal | None]


@attrs.frozen(kw_only=True)
class Guard:
    """A named condition on a transition.

    :param name: a stable name, shown in refusals and diagrams; guards are replaced by name.
    :param check: the function, see :data:`GuardCheck`.
    :param description: one sentence for people (and the legal anchor, if there is one).
    """

    name: str
    check: GuardCheck
    description: str = ""
