"""Property-based run of the server's own OpenAPI schema (schemathesis) against a live server
over the sample corpus: generated valid and invalid requests to every operation must get
documented, schema-conforming answers and never a server error."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from serve_support import Server, sample_database, serve_samples


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    started = serve_samples(tmp_path_factory.mktemp("serve-schema"))
    yield started
    with httpx.Client(base_url=started.url) as http:
        assert http.get("/v1/stats").json()["counts"] == sample_database().counts
    started.stop()


@pytest.fixture
def api_schema(server: Server) -> schemathesis.BaseSchema:
    return schemathesis.openapi.from_url(f"{server.url}/openapi.json")


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation_answers_by_its_schema(case: schemathesis.Case) -> None:
    case.call_and_validate(timeout=120)
