"""The numpy batch kernel gives the pure-Python engine's records, bit for bit."""

from __future__ import annotations

import math
from bisect import bisect_right
from decimal import Decimal
from random import Random

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sozialraum.errors import MissingDependencyError, ValidationError
from sozialraum.simulation import (
    Plan,
    city_study,
    make_plan,
    parse_study,
    run_chunk,
    sample_study,
    simulate,
)
from sozialraum.simulation import batch as batch_module
from sozialraum.simulation import montecarlo as montecarlo_module

np = pytest.importorskip("numpy")


def same_records(plan: Plan, first: int, stop: int) -> None:
    """The numpy kernel and the pure-Python engine agree on runs ``first … stop − 1``."""
    python = run_chunk(plan, first, stop, "python")
    vectorised = run_chunk(plan, first, stop, "numpy")
    assert vectorised == python


def city_plan(seed: int = 3, **size: int) -> Plan:
    study, params, town = city_study(**size)
    return make_plan(study, seed=seed, municipality=town, parameters=params)


# Scenarios that change every table the engine reads, some only from the second year on
# (so the tables differ between years), next to the baseline.
CHANGES = [
    [{"parameter": "referral_rate", "operation": "multiply", "value": "1.5", "from_year": 2027}],
    [{"parameter": "resolved_share", "operation": "add", "value": "0.2", "space_ids": ["S-SUED"]}],
    [{"parameter": "follow_up_share", "value": "0.6", "from_year": 2027}],
    [{"parameter": "help_mix", "value": "0", "help_types": ["31", "34"], "from_year": 2027}],
    [{"parameter": "help_mix", "value": "500", "help_types": ["42"]}],
    [{"parameter": "mean_duration", "value": "40", "help_types": ["31"], "from_year": 2027}],
    [{"parameter": "mean_duration", "value": "1", "help_types": ["42", "35"]}],
    [{"parameter": "monthly_cost", "operation": "multiply", "value": "1.37", "from_year": 2027}],
    [{"parameter": "price_increase", "value": "0.0731", "from_year": 2027}],
    [{"parameter": "referral_rate", "value": "400", "space_ids": ["S-NORD"]}],
]


@pytest.mark.parametrize("changes", CHANGES)
def test_every_kind_of_change_gives_the_same_records(changes):
    params = sample_study()[1]
    doc = {
        "name": "changes",
        "start_year": 2026,
        "years": 3,
        "budget": {"total": "7000000.00"},
        "scenarios": [{"name": "x", "changes": changes}],
    }
    plan = make_plan(parse_study(doc), seed=17, parameters=params)
    same_records(plan, 0, 6)


@pytest.mark.parametrize("lag", [0, 2, 13])
def test_lags_give_the_same_records(lag):
    study, params, _ = sample_study()
    plan = make_plan(study, seed=5, years=2, parameters=attrs.evolve(params, lag_months=lag))
    same_records(plan, 0, 6)


def test_the_sample_over_five_years_with_running_helps():
    plan = make_plan(seed=2026, years=5)
    assert any(plan.initial)
    same_records(plan, 0, 10)
    same_records(plan, 1000, 1003)


def test_a_small_city():
    same_records(city_plan(spaces=7, providers=3, years=4), 0, 5)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**64), first=st.integers(0, 10**9), runs=st.integers(1, 4))
def test_any_seed_and_run_gives_the_same_records(seed: int, first: int, runs: int):
    plan = make_plan(seed=seed, years=2)
    same_records(plan, first, first + runs)


def test_streams_that_run_out_are_drawn_again(monkeypatch):
    """Far too short streams are detected and drawn again, with the same result."""
    plan = city_plan(spaces=5, providers=2, years=3)
    expected = run_chunk(plan, 0, 4, "python")

    def tiny(np_, scenarios, n_spaces):
        return np_.full(n_spaces, 3, dtype=np_.int64)

    monkeypatch.setattr(batch_module, "_main_lengths", tiny)
    original = batch_module._referral_part

    def short_chains(*args):
        rows, found, need = original(*args)
        return rows, found, need * 0 + 1

    monkeypatch.setattr(batch_module, "_referral_part", short_chains)
    assert run_chunk(plan, 0, 4, "numpy") == expected


def test_batches_do_not_matter(monkeypatch):
    plan = city_plan(spaces=6, providers=3, years=2)
    whole = run_chunk(plan, 0, 9, "numpy")
    monkeypatch.setattr(batch_module, "batch_runs", lambda *a: 2)
    monkeypatch.setattr(batch_module, "CHAIN_RUNS", 3)
    assert run_chunk(plan, 0, 9, "numpy") == whole
    assert whole == run_chunk(plan, 0, 9, "python")


def test_durations_equal_math_log_next_to_whole_numbers():
    """Where numpy's log may differ in the last bit, the quotient is recomputed."""
    rng = Random(1)
    us, lqs = [], []
    for _ in range(3000):
        p = rng.uniform(0.01, 0.9)
        lq = math.log(1 - p)
        k = rng.randrange(0, 60)
        u = 1 - math.exp(k * lq)  # log(1 - u) / lq lies next to the whole number k
        for x in (u, math.nextafter(u, 0.0), math.nextafter(u, 1.0), rng.random()):
            if 0.0 <= x < 1.0:
                us.append(x)
                lqs.append(lq)
    us += [0.0, 0.5]
    lqs += [-math.inf, -math.inf]
    got = batch_module._geometric(np, np.array(us), np.array(lqs)).tolist()
    want = [
        int(math.log(1.0 - u) / lq) if lq != -math.inf else 0 for u, lq in zip(us, lqs, strict=True)
    ]
    assert got == want


@settings(max_examples=50)
@given(
    c0=st.lists(st.integers(0, 10**9), min_size=1, max_size=50),
    rate=st.integers(0, 200),
    years=st.integers(0, 12),
)
def test_prices_round_half_up_exactly(c0, rate, years):
    num, den = (100 + rate) ** years, 100**years
    study = sample_study()[0]
    plan = make_plan(study, seed=1, years=1)
    c = attrs.evolve(plan.scenarios[0], price=(((num, den),),), mix=((1.0,),))
    t = batch_module._Tables(np, c, plan.layout)
    c0 = [x for x in c0 if x * num <= 10**9 * den] or [0]
    got = batch_module._prices(np, t, np.zeros(len(c0), dtype=np.int64), np.array(c0)).tolist()
    want = []
    for x in c0:
        q, r = divmod(x * num, den)
        want.append(q + 1 if r + r >= den else q)
    assert got == want


def test_prices_on_exact_halves():
    study = sample_study()[0]
    plan = make_plan(study, seed=1, years=1)
    c = attrs.evolve(plan.scenarios[0], price=(((103, 100),),), mix=((1.0,),))
    t = batch_module._Tables(np, c, plan.layout)
    c0 = np.array([50, 150, 250, 49, 51, 10**7 + 50])
    got = batch_module._prices(np, t, np.zeros(6, dtype=np.int64), c0).tolist()
    assert got == [52, 155, 258, 50, 53, 10_300_052]


@pytest.mark.parametrize(
    "mix",
    [
        (0.25, 0.5, 0.75, 1.0),
        (0.1, 0.1, 0.1, 0.10001, 0.4, 1.0),  # repeated and crowded boundaries
        (0.0, 0.0, 1.0),
        (1 / 3, 2 / 3, 1.0),
    ],
)
def test_help_type_draw_equals_bisect(mix):
    study = sample_study()[0]
    plan = make_plan(study, seed=1, years=2)
    other = tuple((i + 1) / len(mix) for i in range(len(mix)))
    c = attrs.evolve(plan.scenarios[0], mix=(mix, other))
    t = batch_module._Tables(np, c, plan.layout)
    rng = Random(7)
    u = [rng.random() for _ in range(2000)] + [m for m in mix if m < 1] + [0.0]
    u += [math.nextafter(m, 0.0) for m in mix]
    rows = [i % 2 for i in range(len(u))]
    got = batch_module._bisect_rows(np, t, np.array(rows), np.array(u)).tolist()
    assert got == [bisect_right(c.mix[r], x) for r, x in zip(rows, u, strict=True)]


def test_engine_choice():
    plan_kwargs = {"runs": 5, "seed": 4, "years": 1}
    assert (
        simulate(**plan_kwargs, engine="python").records
        == simulate(**plan_kwargs, engine="numpy").records
        == simulate(**plan_kwargs).records
    )
    with pytest.raises(ValidationError) as info:
        simulate(**plan_kwargs, engine="fortran")  # type: ignore[arg-type]
    assert info.value.codes == ("simulation.engine_unknown",)


def test_numpy_engine_without_numpy(monkeypatch):
    monkeypatch.setattr(montecarlo_module, "numpy_or_none", lambda: None)
    with pytest.raises(MissingDependencyError):
        simulate(runs=2, seed=1, years=1, engine="numpy")
    with pytest.raises(MissingDependencyError):
        run_chunk(make_plan(seed=1, years=1), 0, 1, "numpy")
    # "auto" falls back to pure Python
    assert (
        simulate(runs=2, seed=1, years=1).records
        == simulate(runs=2, seed=1, years=1, engine="python").records
    )


def test_city_study_shape():
    study, params, town = city_study()
    assert len(town.social_spaces) == 50
    assert len(town.providers) == 8
    assert study.years == 10
    assert [s.name for s in study.all_scenarios()] == ["baseline", "prevention"]
    assert all(len(p.serves) > 0 for p in town.providers)
    # derived from the sample's calibration, deterministically
    assert city_study() == (study, params, town)
    assert params.help_types == sample_study()[1].help_types
    assert all(Decimal(0) <= s.resolved_share <= 1 for s in params.spaces)


def test_city_study_needs_a_space_and_two_providers():
    with pytest.raises(ValueError, match="at least one space"):
        city_study(spaces=0)
    with pytest.raises(ValueError, match="two providers"):
        city_study(providers=1)


@pytest.fixture(scope="module")
def city():
    """The city-sized study: 50 spaces, 8 providers, 10 years, baseline and prevention."""
    return city_study()


def simulate_city(city, **kwargs):
    study, params, town = city
    return simulate(study, seed=12, municipality=town, parameters=params, **kwargs)


def test_the_city_gives_the_same_records_in_both_engines(city):
    assert simulate_city(city, runs=2, engine="numpy").records == (
        simulate_city(city, runs=2, engine="python").records
    )


@pytest.fixture(scope="module")
def city_reference(city):
    return simulate_city(city, runs=12, chunk_size=12)


@pytest.mark.parametrize("chunk_size", [1, 5, 7])
def test_city_chunk_sizes_do_not_matter(city, city_reference, chunk_size):
    assert simulate_city(city, runs=12, chunk_size=chunk_size).records == city_reference.records


# Python 3.12+ warns when forking a process that runs threads (pytest may have some).
@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")
@pytest.mark.parametrize("workers", [1, 2])
def test_city_worker_counts_do_not_matter(city, city_reference, workers):
    from sozialraum.simulation import process_executor

    with process_executor(workers) as pool:
        result = simulate_city(city, runs=12, executor=pool, chunk_size=5)
    assert result.records == city_reference.records
    assert result.run_ids == tuple(range(12))


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.filterwarnings("ignore::ResourceWarning")
@pytest.mark.filterwarnings("ignore::UserWarning")
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_city_on_a_dask_local_cluster(city, city_reference):
    distributed = pytest.importorskip("distributed")
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        result = simulate_city(city, runs=12, executor=client.get_executor(), chunk_size=4)
    assert result.records == city_reference.records


def test_command_line_engines_agree(tmp_path):
    import argparse
    import io

    from sozialraum.simulation import cli

    def run(*argv: str) -> str:
        parser = argparse.ArgumentParser(prog="sozialraum")
        cli.add_parser(parser.add_subparsers(dest="command"))
        args = parser.parse_args(["simulate", *argv])
        out, err = io.StringIO(), io.StringIO()
        assert args.run(args, out, err) == 0, err.getvalue()
        return out.getvalue()

    common = ("--runs", "6", "--years", "1", "--seed", "3")
    assert run(*common, "--engine", "python") == run(*common, "--engine", "numpy")
    assert run(*common) == run(*common, "--engine", "python")


@pytest.mark.parametrize("seed", [0, 1, 5, 2**32 - 1, 2**32, 2**100 + 7])
def test_streams_equal_random_random_for_any_seed(seed):
    keys = [batch_module._key(np, seed)]
    streams = batch_module._Streams(np, keys, np.array([50]))
    rng = Random(seed)
    assert streams.values[:50].tolist() == [rng.random() for _ in range(50)]


def test_money_beyond_float_precision_is_summed_in_integers(monkeypatch):
    plan = make_plan(seed=8, years=2)
    expected = run_chunk(plan, 0, 3, "python")
    monkeypatch.setattr(batch_module, "_EXACT", 0.0)
    assert run_chunk(plan, 0, 3, "numpy") == expected


def test_no_runs():
    plan = make_plan(seed=8, years=1)
    assert run_chunk(plan, 4, 4, "numpy") == (4, 4, (b"", b""))
