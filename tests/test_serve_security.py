"""A shared server must refuse what it should: requests without or with a wrong API key, bodies
over the limit (announced or streamed), malformed JSON, SQL injection in every filter, and paths
out of the static folder. Each gets its 4xx and changes nothing in the database."""

from __future__ import annotations

import http.client
from collections.abc import Iterator

import httpx
import pytest

from serve_support import API_KEY, Server, sample_database, serve_samples

#: Classic injection payloads, for string, date, code and cursor parameters alike.
INJECTIONS = (
    "' OR '1'='1",
    "' OR 1=1 --",
    "'; DROP TABLE events; --",
    "USA'; DELETE FROM mentions WHERE ''='",
    '" OR ""="',
    "1) UNION SELECT id, text FROM articles --",
    "%' OR source_code LIKE '%",
    "*' OR '1'='1",
    "USA:CHN' OR 1=1 --",
    "2024-01-01' OR '1'='1",
    "1; SELECT pg_sleep(5)",
    "\\'; TRUNCATE events; --",
)

#: (path, parameter) of every filter the API takes.
FILTERS = (
    [("/v1/events", p) for p in ("actor", "dyad", "type", "since", "until", "country", "cursor")]
    + [("/v1/places", p) for p in ("actor", "dyad", "type", "since", "until", "country")]
    + [("/v1/series", p) for p in ("dyad", "by", "since", "until", "type")]
    + [("/v1/dyads", p) for p in ("since", "until", "n")]
    + [("/v1/actors", p) for p in ("q", "limit")]
)

#: Paths that try to leave the static folder, sent byte for byte as written.
TRAVERSALS = (
    "/static/../pyproject.toml",
    "/static/../../../pyproject.toml",
    "/static/..%2f..%2f..%2f..%2fpyproject.toml",
    "/static/%2e%2e/%2e%2e/api.py",
    "/static/%2e%2e%2f%2e%2e%2fapi.py",
    "/static/js/../../api.py",
    "/static/vendor/../../__init__.py",
    "/static/....//....//api.py",
    "/static/..\\..\\api.py",
    "/static//etc/passwd",
    "/static/%2fetc%2fpasswd",
    "/static/..%252f..%252fapi.py",
    "/static/%c0%ae%c0%ae/api.py",
    "/static/",
    "/static/js/",
    "/..%2f..%2fetc/passwd",
    "/%2e%2e/%2e%2e/etc/passwd",
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server with one ingest key and a 64 KiB body limit."""
    started = serve_samples(
        tmp_path_factory.mktemp("serve-security"), keys=(API_KEY,), args=("--max-body", "65536")
    )
    yield started
    started.stop()


@pytest.fixture(scope="module")
def keyless(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server started with no API keys at all."""
    started = serve_samples(tmp_path_factory.mktemp("serve-keyless"))
    yield started
    started.stop()


@pytest.fixture
def client(server: Server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=120) as http:
        yield http


@pytest.fixture
def unchanged(client: httpx.Client) -> Iterator[None]:
    """Fail the test if the database's row counts differ afterwards from the sample corpus's."""
    assert client.get("/v1/stats").json()["counts"] == sample_database().counts
    yield
    assert client.get("/v1/stats").json()["counts"] == sample_database().counts


ARTICLE = {"articles": [{"text": "Chile recalled its ambassador to Peru on Monday."}]}


@pytest.mark.usefixtures("unchanged")
def test_ingest_without_a_key_is_401(client: httpx.Client) -> None:
    answer = client.post("/v1/articles", json=ARTICLE)
    assert answer.status_code == 401
    assert answer.json()["error"] == "missing_key"
    assert client.post("/v1/articles", json=ARTICLE, headers={"X-API-Key": ""}).status_code == 401


@pytest.mark.usefixtures("unchanged")
def test_ingest_with_a_wrong_key_is_403(client: httpx.Client, server: Server) -> None:
    wrong = (API_KEY[:-1], API_KEY + "x", API_KEY.upper(), "x" * len(API_KEY), f"{API_KEY},x")
    for key in wrong:
        answer = client.post("/v1/articles", json=ARTICLE, headers={"X-API-Key": key})
        assert answer.status_code == 403, key
        assert answer.json() == {"error": "wrong_key", "detail": "the API key is not valid"}
    bearer = client.post(
        "/v1/articles", json=ARTICLE, headers={"Authorization": f"Bearer {API_KEY}"}
    )
    assert bearer.status_code == 401
    # Keys sent in the header, right or wrong, never reach the server's log.
    log = server.log.read_text(errors="replace")
    assert API_KEY[:-1] not in log and "x" * len(API_KEY) not in log
    # A key in the query string does not count (and would be logged: it is the client's leak).
    query = client.post("/v1/articles", json=ARTICLE, params={"api_key": API_KEY})
    assert query.status_code == 401


@pytest.mark.usefixtures("unchanged")
def test_invalid_body_with_a_key_changes_nothing(client: httpx.Client) -> None:
    headers = {"X-API-Key": API_KEY}
    too_many = {"articles": [{"text": f"Story {i}."} for i in range(101)]}
    for body in ({"articles": []}, too_many, {"articles": [{"title": "no text"}]}, {"text": "x"}):
        answer = client.post("/v1/articles", json=body, headers=headers)
        assert answer.status_code == 422
        assert answer.json()["error"] == "invalid_request"


def test_a_server_without_keys_refuses_every_ingest(keyless: Server) -> None:
    with httpx.Client(base_url=keyless.url, timeout=60) as http:
        answer = http.post("/v1/articles", json=ARTICLE, headers={"X-API-Key": API_KEY})
        assert answer.status_code == 403
        assert answer.json()["error"] == "ingest_disabled"
        assert http.get("/v1/stats").json()["counts"] == sample_database().counts


@pytest.mark.usefixtures("unchanged")
def test_oversized_bodies_are_413(client: httpx.Client) -> None:
    big = {"text": "Protesters marched in the capital. " * 3000}
    headers = {"X-API-Key": API_KEY}
    for path in ("/v1/code", "/v1/articles"):
        announced = client.post(path, json=big, headers=headers)
        assert announced.status_code == 413, path
        assert announced.json()["error"] == "too_large"

    def chunks() -> Iterator[bytes]:
        yield b'{"articles": [{"text": "'
        for _ in range(200):
            yield b"Protesters marched in the capital. " * 20
        yield b'"}]}'

    streamed = client.post(
        "/v1/articles",
        content=chunks(),
        headers={**headers, "Content-Type": "application/json"},
    )
    assert streamed.status_code == 413


@pytest.mark.usefixtures("unchanged")
def test_malformed_json_is_400(client: httpx.Client) -> None:
    headers = {"X-API-Key": API_KEY, "Content-Type": "application/json"}
    for body in (b"{bad json", b'{"text": "unterminated', b"\xff\xfe{}", b"[1, 2,]"):
        for path in ("/v1/code", "/v1/articles"):
            answer = client.post(path, content=body, headers=headers)
            assert answer.status_code in (400, 422), (path, body)
            assert answer.json()["error"] in ("malformed_json", "invalid_request")
    assert client.post("/v1/code", content=b"{bad", headers=headers).status_code == 400
    wrong_type = client.post("/v1/code", content=b"[]", headers=headers)
    assert wrong_type.status_code == 422
    not_json = client.post(
        "/v1/code", content=b"text=hello", headers={"Content-Type": "text/plain"}
    )
    assert not_json.status_code == 422


@pytest.mark.usefixtures("unchanged")
def test_sql_injection_in_every_filter(client: httpx.Client) -> None:
    total = len(sample_database().event_ids)
    for path, name in FILTERS:
        base = {"dyad": "*:*"} if path == "/v1/series" and name != "dyad" else {}
        for payload in INJECTIONS:
            answer = client.get(path, params={**base, name: payload})
            assert answer.status_code in (200, 400, 422), (path, name)
            if answer.status_code == 200:
                body = answer.json()
                assert body == [] or body == {"items": [], "next_cursor": None}, (path, name)
            else:
                assert answer.json()["error"] in ("invalid_request", "bad_query")
    injected_id = client.get("/v1/events/' OR '1'='1")
    assert injected_id.status_code in (404, 422)
    assert len(client.get("/v1/events", params={"limit": 500}).json()["items"]) == min(total, 500)


def raw_get(server: Server, path: str) -> tuple[int, bytes]:
    """GET ``path`` exactly as written (no client-side normalisation)."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        connection.putrequest("GET", path, skip_accept_encoding=True)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


@pytest.mark.usefixtures("unchanged")
def test_paths_out_of_the_static_folder_are_404(server: Server) -> None:
    assert raw_get(server, "/static/js/main.js")[0] == 200
    for path in TRAVERSALS:
        status, body = raw_get(server, path)
        assert status == 404, path
        assert b"[project]" not in body and b"root:" not in body and b"import" not in body
