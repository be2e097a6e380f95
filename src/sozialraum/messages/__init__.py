"""One message catalogue for every :class:`~sozialraum.errors.Issue` code and error, in
German and English.

Each message has a *key* and one English *template* with named parameters (``{limit}``,
``{expected}`` …). The key is the issue code (``"date.invalid"``); where one code is worded
differently in different places, the key adds a variant after ``#``
(``"date.invalid#calendar"``) and the issue still carries the code alone. The message of an
issue is built from its key and parameters, never from the values of the data, so a message
is safe to log. Modules define the keys they use where they use them::

    from sozialraum import messages
    TOO_DEEP = messages.define("json.too_deep", "the document is nested deeper than {limit} levels")

German texts live in a gettext catalogue, ``messages/locale/de/LC_MESSAGES/sozialraum.po``
(``msgctxt`` = key, ``msgid`` = English template, ``msgstr`` = German), compiled to
``sozialraum.mo`` and read with the standard library's :mod:`gettext`. A changed English
template is a new ``msgid``: its old translation no longer applies, and the test suite names
the key until a translator has updated it (see the *Translating* page of the docs).

Parameters are shown in the language of the message: in German, numbers with the decimal
comma (and the thousands dot from five digits on: ``10.000``, but ``2024``), amounts as
``1.234,56 €`` and dates as ``31.12.2024``; in English numbers stay as Python writes them,
amounts read ``€1,234.56`` and dates ``2024-12-31``.

>>> from sozialraum import messages
>>> _ = messages.define("example.code", "at most {limit} items")
>>> messages.render("example.code", {"limit": 3})
'at most 3 items'
>>> messages.render("date.invalid#calendar", {}, "de")
'kein gültiges Kalenderdatum'
>>> messages.code_of("date.invalid#calendar")
'date.invalid'
"""

from __future__ import annotations

import gettext
import os
import string
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from fractions import Fraction
from functools import cache
from importlib import resources
from io import BytesIO
from typing import TYPE_CHECKING, NamedTuple, TypeAlias

if TYPE_CHECKING:
    from ..money import Money

__all__ = [
    "LANGUAGES",
    "Join",
    "Param",
    "Share",
    "Text",
    "check_lang",
    "code_of",
    "codes",
    "define",
    "fields",
    "format_param",
    "language_from_env",
    "render",
    "template",
    "translation",
]


class Text(NamedTuple):
    """A message used as the parameter of another message (a refusal inside an issue): it
    is rendered in the language of the outer message.

    >>> import sozialraum.lifecycle
    >>> reason = Text("history.out_of_order", ())
    >>> render("case_file.refused", {"reason": reason, "code": "history.out_of_order"}, "de")
    'das Ereignis ist vor dem letzten Ereignis datiert [history.out_of_order]'
    """

    key: str
    params: tuple[tuple[str, Param], ...]


class Share(NamedTuple):
    """An exact share shown as a percentage, rounded half to even to ``places`` decimals,
    with the decimal separator of the language: ``33,3333 %`` (de), ``33.3333 %`` (en).

    >>> format_param(Share(Fraction(1, 3), 4), "de"), format_param(Share(Fraction(1, 8), 0), "en")
    ('33,3333 %', '12 %')
    """

    value: Fraction
    places: int = 4


class Join(NamedTuple):
    """Several parameters shown as one, separated by ``", "`` (each in the language).

    >>> format_param(Join(("Nord", Share(Fraction(1, 2), 1))), "de")
    'Nord, 50,0 %'
    """

    items: tuple[Param, ...]
    separator: str = ", "


#: The value of one message parameter: a limit, an expected type, a field name, a code.
#: Amounts (:class:`~sozialraum.money.Money`) and dates are allowed too and are formatted in
#: the language of the message, and so is a nested message (:class:`Text`).
Param: TypeAlias = "str | int | Decimal | Fraction | date | Money | Text | Share | Join"

#: The languages messages exist in.
LANGUAGES: tuple[str, ...] = ("de", "en")

_TEMPLATES: dict[str, str] = {}
_DOMAIN = "sozialraum"


def define(key: str, template: str) -> str:
    """Register the English ``template`` of the message ``key`` and return the key.

    ``key`` is an issue code, or ``code#variant`` for a second wording of a code. Defining a
    key twice with the same template is harmless; with a different one it is a programming
    error (codes never change meaning).
    """
    known = _TEMPLATES.get(key)
    if known is not None and known != template:
        raise ValueError(f"message code {key!r} is already defined with another template")
    _TEMPLATES[key] = template
    return key


def code_of(key: str) -> str:
    """The issue code of a message ``key`` (the key without its ``#variant``)."""
    return key.partition("#")[0]


def template(key: str) -> str | None:
    """The English template of ``key``, or ``None`` when the key is not defined."""
    return _TEMPLATES.get(key)


def codes() -> tuple[str, ...]:
    """Every defined key, sorted (import :mod:`sozialraum.records` first to see them all)."""
    return tuple(sorted(_TEMPLATES))


def fields(text: str) -> frozenset[str]:
    """The parameter names a template uses.

    >>> sorted(fields("between {low} and {high}, not {{literal}}"))
    ['high', 'low']
    """
    return frozenset(
        name.split(".")[0].split("[")[0]
        for _, name, _, _ in string.Formatter().parse(text)
        if name is not None and name != ""
    )


@cache
def translation(lang: str) -> gettext.NullTranslations:
    """The compiled catalogue of ``lang`` (a :class:`gettext.NullTranslations` for English)."""
    if lang == "en":
        return gettext.NullTranslations()
    path = resources.files(__name__).joinpath("locale", lang, "LC_MESSAGES", f"{_DOMAIN}.mo")
    try:
        data = path.read_bytes()
    except OSError:
        return gettext.NullTranslations()
    return gettext.GNUTranslations(BytesIO(data))


def check_lang(lang: object) -> str:
    """``lang`` if messages exist in it (``"de"``, ``"en"``), else the
    :class:`~sozialraum.errors.ValidationError` ``lang.unknown``."""
    if lang in LANGUAGES:
        return str(lang)
    from .._locale import check_lang as _check

    return _check(lang)


def format_param(value: object, lang: str = "en") -> str:
    """One parameter as text in ``lang``.

    >>> from datetime import date
    >>> from decimal import Decimal
    >>> format_param(12500, "de"), format_param(2024, "de"), format_param(Decimal("0.5"), "de")
    ('12.500', '2024', '0,5')
    >>> format_param(date(2024, 12, 31), "de"), format_param(date(2024, 12, 31), "en")
    ('31.12.2024', '2024-12-31')
    """
    if isinstance(value, Text):
        return render(value.key, dict(value.params), lang)
    if isinstance(value, Join):
        return value.separator.join(format_param(v, lang) for v in value.items)
    if isinstance(value, Share):
        return _share(value, lang)
    if isinstance(value, str | bool):
        return str(value)
    from .. import _locale
    from ..money import Money

    if isinstance(value, Money):
        return _locale.format_money(value, lang)
    if lang == "en":
        return value.isoformat() if isinstance(value, date) else str(value)
    if isinstance(value, date):
        return _locale.format_date(value, lang)
    if isinstance(value, int):
        return _locale.format_number(value, lang) if abs(value) >= 10_000 else str(value)
    if isinstance(value, Decimal) and value.is_finite():
        places = max(0, -int(value.as_tuple().exponent))
        return _locale.format_number(value, lang, places)
    if isinstance(value, Fraction):
        return str(value).replace(".", ",")
    return str(value)


def _share(share: Share, lang: str) -> str:
    value, places = Fraction(share.value), share.places
    q, r = divmod(value.numerator * 10 ** (places + 2), value.denominator)
    if 2 * r > value.denominator or (2 * r == value.denominator and q % 2):
        q += 1  # half to even, on exact integers
    sign = "-" if q < 0 else ""
    whole, frac = divmod(abs(q), 10**places)
    point = "," if lang == "de" else "."
    return f"{sign}{whole}{point}{frac:0{places}d} %" if places else f"{sign}{whole} %"


def render(key: str, params: Mapping[str, object], lang: str = "en") -> str:
    """The message of ``key`` with ``params`` filled in, in ``lang`` (``"de"`` or ``"en"``).

    A key without a German translation falls back to its English template.

    :raises KeyError: if ``key`` is not defined.
    """
    english = _TEMPLATES[key]
    language = check_lang(lang)
    text = english if language == "en" else translation(language).pgettext(key, english)
    return text.format_map({k: format_param(v, language) for k, v in params.items()})


def language_from_env(environ: Mapping[str, str] | None = None, default: str = "en") -> str:
    """The message language the environment asks for, as gettext reads it: the first of
    ``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES`` and ``LANG`` that is set; ``"de"`` if it names
    German (``de_DE.UTF-8``, ``de_AT`` …), ``"en"`` for English, else ``default``.

    ``LANGUAGE`` may list several languages (``"fr:de"``): the first known one wins.

    >>> language_from_env({"LANG": "de_DE.UTF-8"}), language_from_env({"LANG": "C.UTF-8"})
    ('de', 'en')
    >>> language_from_env({"LC_ALL": "en_GB.UTF-8", "LANG": "de_DE.UTF-8"})
    'en'
    """
    env = os.environ if environ is None else environ
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "")
        if not value:
            continue
        for part in value.split(":"):
            lang = part.split(".")[0].split("@")[0].split("_")[0].lower()
            if lang in LANGUAGES:
                return lang
        if var != "LANGUAGE":  # a set locale variable decides, even if it is not ours
            return default
    return default
