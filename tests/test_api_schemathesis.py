"""The API checked against its own description (/api/v1/openapi.json) by schemathesis,
a tool no one here wrote: every generated request must get an answer the description
allows (status, content type, body schema), and no server error.

Bounded: ``MAX_EXAMPLES`` per operation and a deadline for the whole run. The pytest
plugin of schemathesis does not run under pytest 9, so the operations are driven here
with hypothesis directly, through the WSGI app (no server)."""

from __future__ import annotations

import time

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402

from app import create_app  # noqa: E402
from landkort.database import open_database  # noqa: E402
from landkort.views.map import DEFAULT_MEASURE, MAP_MEASURES  # noqa: E402
from tests.compare_helpers import load_example  # noqa: E402

MAX_EXAMPLES = 25
SECONDS = 45.0


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory):
    folder = tmp_path_factory.mktemp("schemathesis")
    url = f"sqlite:///{folder / 'api.db'}"
    engine = open_database(url)
    load_example(engine)
    engine.dispose()
    mp = pytest.MonkeyPatch()
    mp.setenv("LANDKORT_CACHE_DIR", str(folder / "cache"))
    yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", create_app(url).server)
    mp.undo()


def _gruppe_fits(case) -> bool:
    """The one rule between parameters that OpenAPI cannot state (its description says
    it): a gruppe must be one the maal can be split by, else the answer is 400."""
    query = case.query or {}
    gruppe = query.get("gruppe")
    measure = query.get("maal", DEFAULT_MEASURE)
    return gruppe is None or measure not in MAP_MEASURES or gruppe in MAP_MEASURES[measure].groups


def test_api_conforms_to_its_description(api_schema):
    failures: list[str] = []
    calls = 0
    deadline = time.monotonic() + SECONDS
    operations = [result.ok() for result in api_schema.get_all_operations()]
    # schemathesis leaves out the description's own address; every other path is run.
    paths = set(api_schema.raw_schema["paths"]) - {"/openapi.json"}
    assert {operation.path for operation in operations} == paths

    def has_parameters(operation) -> bool:
        return bool(api_schema.raw_schema["paths"][operation.path]["get"]["parameters"])

    # Negative cases (values the description forbids, such as an empty opgave) need a
    # parameter to break; operations without one have none.
    runs = [(o, schemathesis.GenerationMode.POSITIVE) for o in operations]
    runs += [(o, schemathesis.GenerationMode.NEGATIVE) for o in operations if has_parameters(o)]
    for operation, mode in runs:
        if time.monotonic() > deadline:
            pytest.fail(f"schemathesis ran past {SECONDS} s")

        @given(case=operation.as_strategy(mode).filter(_gruppe_fits))
        @settings(
            max_examples=MAX_EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        def check(case) -> None:
            nonlocal calls
            calls += 1
            # The WSGI transport does not decompress; ask for the plain body.
            case.call_and_validate(headers={"Accept-Encoding": "identity"})

        try:
            check()
        except BaseException as error:  # schemathesis raises groups; every operation is run
            if isinstance(error, KeyboardInterrupt):
                raise
            failures.append(f"{operation.label} ({mode.value}): {str(error)[:1500]}")
    print(
        f"\nschemathesis: {len(operations)} operations, positive and negative, "
        f"{calls} calls, {len(failures)} failing"
    )
    assert not failures, "\n\n".join(failures)
