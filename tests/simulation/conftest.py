"""Shared fixtures of the simulation tests: small plans of the embedded sample."""

from __future__ import annotations

import pytest

from sozialraum.simulation import Plan, make_plan


@pytest.fixture(scope="session")
def plan() -> Plan:
    """The default study of the sample over two years, seed 11."""
    return make_plan(seed=11, years=2)
