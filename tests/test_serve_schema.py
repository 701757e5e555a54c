"""Property-based run of the server's own OpenAPI schema (schemathesis) against a live server
over the sample corpus: generated valid and invalid requests to every operation must get
documented, schema-conforming answers and never a server error, and change nothing.

(schemathesis' pytest plugin cannot load a schema from a fixture under pytest 9.2, so each
operation's strategy is driven by hypothesis directly; the checks are schemathesis' own. A page
cursor is opaque, not a free string: valid requests carry one the server handed out.)
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from serve_support import Server, sample_database, serve_samples

#: Generated requests per operation and generation mode (bounded: the suite runs on 2 cores).
EXAMPLES = 10


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    started = serve_samples(tmp_path_factory.mktemp("serve-schema"))
    yield started
    started.stop()


@pytest.fixture(scope="module")
def api_schema(server: Server) -> schemathesis.BaseSchema:
    return schemathesis.openapi.from_url(f"{server.url}/openapi.json")


@pytest.mark.parametrize("mode", list(schemathesis.GenerationMode), ids=lambda m: m.value)
def test_every_operation_answers_by_its_schema(
    api_schema: schemathesis.BaseSchema, server: Server, mode: schemathesis.GenerationMode
) -> None:
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert {op.label for op in operations} >= {
        "GET /v1/events", "GET /v1/events/{event_id}", "GET /v1/series", "POST /v1/code",
        "POST /v1/articles", "GET /healthz",
    }  # fmt: skip
    with httpx.Client(base_url=server.url) as http:
        cursor = http.get("/v1/events", params={"limit": 1}).json()["next_cursor"]
    for operation in operations:
        takes_input = (
            list(operation.iter_parameters()) or operation.get_request_payload_content_types()
        )
        if mode is schemathesis.GenerationMode.NEGATIVE and not takes_input:
            continue  # nothing in a request to /healthz or /v1/types can be made invalid

        explicit = {}
        if mode is schemathesis.GenerationMode.POSITIVE and operation.get_parameter(
            "cursor", "query"
        ):
            explicit["query"] = {"cursor": cursor}

        @given(case=operation.as_strategy(generation_mode=mode, **explicit))
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def answers_by_schema(case: schemathesis.Case) -> None:
            case.call_and_validate(timeout=120)

        answers_by_schema()
    with httpx.Client(base_url=server.url) as http:
        assert http.get("/v1/stats").json()["counts"] == sample_database().counts
