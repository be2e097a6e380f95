"""Shared test configuration: hypothesis profiles and the import path of the strategies.

Profiles (choose with ``HYPOTHESIS_PROFILE=…``):

* ``ci`` (default): 100 examples, no deadline (shared CI machines are slow and noisy);
* ``dev``: 25 examples for a quick local run;
* ``thorough``: 1000 examples, for a run before a release;
* ``fuzz``: 20,000 examples, for the attack tests (``tests/test_fuzz.py``,
  ``tests/test_agreement.py``) run by hand: ``HYPOTHESIS_PROFILE=fuzz pytest tests/test_fuzz.py``.

The fuzz tests draw ``settings.default.max_examples`` documents per record type; under the
``ci`` profile (the default, and always when the ``CI`` environment variable is set) that
is small enough for every push.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# ``--import-mode=importlib`` does not put the rootdir on sys.path; the tests import the
# shared strategies as ``from tests import strategies``.
_ROOT = str(Path(__file__).resolve().parent.parent)
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

_COMMON = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}
settings.register_profile("ci", max_examples=100, **_COMMON)
settings.register_profile("dev", max_examples=25, **_COMMON)
settings.register_profile("thorough", max_examples=1000, **_COMMON)
settings.register_profile("fuzz", max_examples=20_000, **_COMMON)
settings.load_profile("ci" if os.environ.get("CI") else os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(autouse=True)
def _english_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests run as in an environment without a language (the CLI defaults from
    ``LANGUAGE``/``LC_ALL``/``LC_MESSAGES``/``LANG``); tests that need one set it."""
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
