"""The HTTP API against a real `polybius serve` process over the sample corpus (coded by the
real pipeline, stored in DuckDB): every endpoint, filter, page and error body."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from itertools import pairwise

import httpx
import pytest

from serve_support import API_KEY, SAMPLES, Server, sample_database, serve_samples


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    started = serve_samples(tmp_path_factory.mktemp("serve-api"))
    yield started
    started.stop()


@pytest.fixture(scope="module")
def client(server: Server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=120) as http:
        yield http


@pytest.fixture(scope="module")
def ingest_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server that accepts ingest with ``API_KEY`` and lets one browser origin call it."""
    started = serve_samples(
        tmp_path_factory.mktemp("serve-ingest"),
        keys=(API_KEY,),
        args=("--cors-origin", "http://analyst.example"),
    )
    yield started
    started.stop()


def all_events(client: httpx.Client, **params: object) -> list[dict]:
    """Every event matching ``params``, following next_cursor page by page."""
    found: list[dict] = []
    cursor = None
    while True:
        query = {**params, **({"cursor": cursor} if cursor else {})}
        page = client.get("/v1/events", params=query).raise_for_status().json()
        found += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            return found


def test_health_and_counts(client: httpx.Client) -> None:
    assert client.get("/healthz").json() == {"status": "ok", "database": "duckdb"}
    counts = client.get("/v1/stats").json()["counts"]
    assert counts == sample_database().counts
    assert counts["articles"] == 30 and counts["events"] > 50


def test_pages_cover_every_event_once_newest_first(client: httpx.Client) -> None:
    events = all_events(client, limit=17)
    ids = [e["id"] for e in events]
    assert ids == list(sample_database().event_ids)
    assert len(set(ids)) == len(ids)
    dates = [e["date"] for e in events if e["date"]]
    assert dates == sorted(dates, reverse=True)
    first = client.get("/v1/events", params={"limit": 5}).json()
    assert [e["id"] for e in first["items"]] == ids[:5] and first["next_cursor"]


def test_page_size_has_a_hard_cap(client: httpx.Client) -> None:
    assert len(client.get("/v1/events", params={"limit": 500}).json()["items"]) <= 500
    refused = client.get("/v1/events", params={"limit": 501})
    assert refused.status_code == 422
    assert refused.json()["error"] == "invalid_request"
    assert refused.json()["detail"][0]["loc"] == ["query", "limit"]
    assert client.get("/v1/events", params={"limit": 0}).status_code == 422


def test_filters_select_what_they_say(client: httpx.Client) -> None:
    everything = all_events(client, limit=500)
    with_target = [e for e in everything if e["target"] and e["target"]["code"]]
    source, target = with_target[0]["source"]["code"], with_target[0]["target"]["code"]
    dyad = all_events(client, dyad=f"{source}:{target}")
    assert dyad and {(e["source"]["code"], e["target"]["code"]) for e in dyad} == {(source, target)}
    lower = all_events(client, dyad=f"{source.lower()}:{target.lower()}")
    assert [e["id"] for e in lower] == [e["id"] for e in dyad]
    country = source[:3]
    prefixed = all_events(client, dyad=f"{country}*:*")
    assert prefixed and all(e["source"]["code"].startswith(country) for e in prefixed)
    acting = all_events(client, actor=source)
    assert all(source in (e["source"]["code"], (e["target"] or {}).get("code")) for e in acting)
    assert len(acting) == sum(
        source in (e["source"]["code"], (e["target"] or {}).get("code")) for e in everything
    )
    of_type = all_events(client, type="ASSAULT")
    assert of_type and all(e["plover"] == "ASSAULT" for e in of_type)
    in_country = all_events(client, country="ukr")
    assert in_country and all(
        "UKR" in (e["source"]["country"], (e["target"] or {}).get("country"),
                  (e["location"] or {}).get("country"))
        for e in in_country
    )  # fmt: skip
    window = all_events(client, since="2025-01-01", until="2025-03-31")
    assert window and all("2025-01-01" <= e["date"] <= "2025-03-31" for e in window)
    negated = all_events(client, include_negated=True)
    assert len(negated) >= len(everything)


def test_bad_filter_values_get_clear_errors(client: httpx.Client) -> None:
    cases = {
        "type": "EXPLODE",
        "since": "2025-13-01",
        "dyad": "USA",
        "country": "US",
        "actor": "US A",
    }
    for name, value in [*cases.items(), ("until", "1.5e-10"), ("since", "20250101")]:
        answer = client.get("/v1/events", params={name: value})
        assert answer.status_code == 422, name
        body = answer.json()
        assert body["error"] == "invalid_request"
        assert body["detail"][0]["loc"] == ["query", name] and body["detail"][0]["msg"]
    cursor = client.get("/v1/events", params={"cursor": "not-a-cursor"})
    assert cursor.status_code == 400
    assert cursor.json() == {
        "error": "bad_query",
        "detail": "invalid cursor 'not-a-cursor': pass back a next_cursor unchanged",
    }


def test_event_has_every_mention_with_sentence_spans_and_urls(client: httpx.Client) -> None:
    everything = all_events(client, limit=500)
    syndicated = max(everything, key=lambda e: (e["num_articles"], e["num_mentions"]))
    assert syndicated["num_articles"] >= 2
    event = client.get(f"/v1/events/{syndicated['id']}").json()
    assert event["mentions"]
    # The story syndicated on three sites: one article text, three copies (two URLs, one file).
    urls = {url for m in event["mentions"] for url in m["urls"]}
    assert len(urls) == event["num_articles"] == 3
    assert str(SAMPLES / "syndicated-eu-belarus-sanctions-copy3.txt") in urls
    assert event["url"] in urls and event["url"].startswith("https://")
    for mention in event["mentions"]:
        record = mention["record"]
        assert mention["event_id"] == event["id"] and record["sentence"]
        start, end = record["spans"]["source"]
        assert record["sentence"][start:end] == record["source"]["text"]
        if record["target"] and "target" in record["spans"]:
            start, end = record["spans"]["target"]
            assert record["sentence"][start:end] == record["target"]["text"]
    assert event["root_mention"] in {m["id"] for m in event["mentions"]}


def test_unknown_and_malformed_event_ids(client: httpx.Client) -> None:
    missing = client.get("/v1/events/0123456789abcdef")
    assert missing.status_code == 404
    assert missing.json() == {"error": "not_found", "detail": "no event '0123456789abcdef'"}
    assert client.get("/v1/events/not%20an%20id").status_code == 422


def test_actors_search_names_and_codes(client: httpx.Client) -> None:
    found = client.get("/v1/actors", params={"q": "chin"}).json()
    assert found and all("chin" in a["name"].lower() or "chin" in a["code"].lower() for a in found)
    assert [a["events"] for a in found] == sorted((a["events"] for a in found), reverse=True)
    assert any(a["code"].startswith("CHN") for a in found)
    assert client.get("/v1/actors", params={"q": "%"}).json() == []
    assert len(client.get("/v1/actors", params={"q": "", "limit": 3}).json()) == 3


def test_series_counts_every_dated_event(client: httpx.Client) -> None:
    months = client.get("/v1/series", params={"dyad": "*:*", "by": "month"}).json()
    assert sum(p["events"] for p in months) == sample_database().dated
    starts = [dt.date.fromisoformat(p["period"]) for p in months]
    assert all(d.day == 1 for d in starts)
    assert all((b.year * 12 + b.month) - (a.year * 12 + a.month) == 1 for a, b in pairwise(starts))
    for point in months:
        quads = ("verbal_cooperation", "material_cooperation", "verbal_conflict",
                 "material_conflict")  # fmt: skip
        assert sum(point[q] for q in quads) == point["events"]
        if point["events"]:
            assert point["goldstein_mean"] == pytest.approx(
                point["goldstein_sum"] / point["events"], abs=1e-6
            )
    weeks = client.get("/v1/series", params={"dyad": "*:*", "by": "week"}).json()
    assert all(dt.date.fromisoformat(p["period"]).weekday() == 0 for p in weeks)
    assert sum(p["events"] for p in weeks) == sample_database().dated
    assert client.get("/v1/series", params={"dyad": "*:*", "by": "year"}).status_code == 422
    assert client.get("/v1/series").status_code == 422


def test_dyads_and_places(client: httpx.Client) -> None:
    dyads = client.get("/v1/dyads", params={"n": 10}).json()
    assert 0 < len(dyads) <= 10
    assert [d["events"] for d in dyads] == sorted((d["events"] for d in dyads), reverse=True)
    top = dyads[0]
    assert len(all_events(client, dyad=f"{top['source']}:{top['target']}")) == top["events"]
    places = client.get("/v1/places").json()
    assert sum(p["events"] for p in places) == sample_database().located
    assert all(-90 <= p["lat"] <= 90 and -180 <= p["lon"] <= 180 for p in places)
    ukraine = client.get("/v1/places", params={"country": "UKR"}).json()
    assert ukraine and sum(p["events"] for p in ukraine) <= sum(p["events"] for p in places)


def test_types_are_the_ontology(client: httpx.Client) -> None:
    types = client.get("/v1/types").json()
    assert len(types) == 16 and {t["quad_class"] for t in types} == {1, 2, 3, 4}
    assert "ASSAULT" in {t["name"] for t in types}


def test_code_text_and_html_without_storing(client: httpx.Client) -> None:
    before = client.get("/v1/stats").json()
    text = "Russian forces attacked the Ukrainian city of Kharkiv on Monday, officials said."
    coded = client.post("/v1/code", json={"text": text, "published": "2025-03-05"})
    assert coded.status_code == 200, coded.text
    body = coded.json()
    assert body["article"]["published"] == "2025-03-05"
    assault = [e for e in body["events"] if e["plover"] == "ASSAULT"]
    assert assault and assault[0]["source"]["country"] == "RUS"
    assert assault[0]["date"] == "2025-03-03"
    page = (SAMPLES / "north-korea-missile-barrage.html").read_text(encoding="utf-8")
    from_html = client.post("/v1/code", json={"html": page}).json()
    assert from_html["article"]["title"] and from_html["article"]["published"]
    assert from_html["events"]
    for event in from_html["events"]:
        start, end = event["spans"]["source"]
        assert event["sentence"][start:end] == event["source"]["text"]
    assert client.get("/v1/stats").json() == before


def test_code_refuses_what_is_not_an_article(client: httpx.Client) -> None:
    empty_page = client.post("/v1/code", json={"html": "<html><body><nav>Home</nav></body></html>"})
    assert empty_page.status_code == 200
    answer = empty_page.json()
    assert answer["article"] is None and answer["events"] == []
    assert (
        answer["failure"]["source"] == "http-api"
        and "no article text" in answer["failure"]["reason"]
    )
    for body in ({}, {"text": "a", "html": "<p>b</p>"}, {"text": "   "}, {"text": "x", "extra": 1},
                 {"text": "x", "published": "yesterday"}, {"text": 5}):  # fmt: skip
        answer = client.post("/v1/code", json=body)
        assert answer.status_code == 422, body
        assert answer.json()["error"] == "invalid_request"


def test_ingest_with_a_key_stores_idempotently(ingest_server: Server) -> None:
    text = (
        "VILNIUS (Wire) - Lithuania expelled two Russian diplomats on Tuesday, accusing them of "
        "spying on military bases near the border, the foreign ministry said."
    )
    article = {"text": text, "published": "2025-06-10", "url": "https://wire.example/lt-expels"}
    headers = {"X-API-Key": API_KEY}
    with httpx.Client(base_url=ingest_server.url, timeout=120) as http:
        before = http.get("/v1/stats").json()["counts"]
        empty = {"html": "<html><body><nav>Menu</nav></body></html>"}
        stored = http.post("/v1/articles", json={"articles": [article, empty]}, headers=headers)
        assert stored.status_code == 200, stored.text
        result = stored.json()
        assert result["articles"] == 1 and result["new_articles"] == 1
        assert result["new_mentions"] >= 1
        assert [f["source"] for f in result["failures"]] == ["articles[1]"]
        after = http.get("/v1/stats").json()["counts"]
        assert after["articles"] == before["articles"] + 1
        assert after["events"] > before["events"]
        again = http.post("/v1/articles", json={"articles": [article]}, headers=headers).json()
        assert again["new_articles"] == 0 and again["new_mentions"] == 0
        assert http.get("/v1/stats").json()["counts"] == after
        found = all_events(http, actor="LTU*", since="2025-06-01", until="2025-06-30")
        assert found and found[0]["url"] == "https://wire.example/lt-expels"
        # CORS for the one configured origin, and no one else.
        allowed = http.get("/v1/types", headers={"Origin": "http://analyst.example"})
        assert allowed.headers["access-control-allow-origin"] == "http://analyst.example"
        other = http.get("/v1/types", headers={"Origin": "http://elsewhere.example"})
        assert "access-control-allow-origin" not in other.headers


def test_cors_is_off_by_default(client: httpx.Client) -> None:
    answer = client.get("/v1/events", headers={"Origin": "http://analyst.example"})
    assert "access-control-allow-origin" not in answer.headers
    preflight = client.options(
        "/v1/articles",
        headers={"Origin": "http://analyst.example", "Access-Control-Request-Method": "POST"},
    )
    assert "access-control-allow-origin" not in preflight.headers


def test_docs_are_served_from_local_assets(client: httpx.Client) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    assert "cdn." not in page.text and "https://" not in page.text
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css"):
        assert f"/static/vendor/swagger/{asset}" in page.text
        assert client.get(f"/static/vendor/swagger/{asset}").status_code == 200
    schema = client.get("/openapi.json").json()
    assert {"/v1/events", "/v1/events/{event_id}", "/v1/actors", "/v1/series", "/v1/code",
            "/v1/articles", "/healthz"} <= set(schema["paths"])  # fmt: skip
    assert "X-API-Key" in str(schema["components"]["securitySchemes"])


def test_dashboard_page(client: httpx.Client) -> None:
    page = client.get("/")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert '<script type="module" src="/static/js/main.js">' in page.text
    script = client.get("/static/js/main.js")
    assert script.status_code == 200 and "javascript" in script.headers["content-type"]
