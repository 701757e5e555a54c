"""The dashboard in a real browser (Debian's Chromium driven by Playwright) against a live
server over the sample corpus: load it, filter to one dyad, open an event and check the
highlighted evidence, check the charts drew what the API holds, and save screenshots in out/."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import quote

import httpx
import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from serve_support import OUT, Server, serve_samples

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
CHARTS = ("#series-chart", "#network-chart", "#map-chart")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    started = serve_samples(tmp_path_factory.mktemp("serve-browser"))
    yield started
    started.stop()


@pytest.fixture(scope="module")
def api(server: Server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=60) as http:
        yield http


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@dataclass
class Visit:
    """A fresh browser page and every request it made and error it reported."""

    page: Page
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@pytest.fixture
def visit(browser: Browser) -> Iterator[Visit]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    recorded = Visit(context.new_page())
    recorded.page.on("request", lambda r: recorded.requests.append(r.url))
    recorded.page.on("pageerror", lambda e: recorded.errors.append(f"{e}\n{e.stack}"))
    recorded.page.on(
        "console", lambda m: recorded.errors.append(m.text) if m.type == "error" else None
    )
    yield recorded
    context.close()


def all_events(api: httpx.Client, **params: object) -> list[dict]:
    found, cursor = [], None
    while True:
        page = api.get("/v1/events", params={**params, "limit": 500, "cursor": cursor}).json()
        found += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            return found


def event_with_full_evidence(api: httpx.Client) -> tuple[dict, dict]:
    """An event between two different coded actors whose evidence marks all three roles, from
    the most reported down: (the event with its mentions, its root mention's record)."""
    candidates = [
        e
        for e in all_events(api)
        if e["target"] and e["source"]["code"] and e["target"]["code"]
        and e["source"]["code"] != e["target"]["code"]
    ]  # fmt: skip
    candidates.sort(key=lambda e: (-e["num_articles"], -e["confidence"], e["id"]))
    for candidate in candidates:
        event = api.get(f"/v1/events/{candidate['id']}").json()
        root = next(m for m in event["mentions"] if m["id"] == event["root_mention"])
        if {"source", "trigger", "target"} <= set(root["record"]["spans"]):
            return event, root["record"]
    raise AssertionError("no event in the sample corpus marks source, trigger and target")


def wait_until_drawn(page: Page, selector: str, query_part: str = "") -> None:
    """Wait for a panel to finish drawing (for a query containing ``query_part``)."""
    page.wait_for_function(
        "([selector, part]) => { const e = document.querySelector(selector);"
        " return e.dataset.ready === 'true' && (e.dataset.query || '').includes(part); }",
        arg=[selector, query_part],
    )


def marked(page: Page, role: str) -> str:
    return "".join(
        page.locator(f"#evidence-body .sentence.root mark[data-role={role}]").all_text_contents()
    )


def test_filter_to_a_dyad_and_read_the_evidence(
    visit: Visit, server: Server, api: httpx.Client
) -> None:
    OUT.mkdir(exist_ok=True)
    page = visit.page
    event, record = event_with_full_evidence(api)
    source, target = event["source"]["code"], event["target"]["code"]
    dyad = f"{source}:{target}"

    page.goto(server.url)
    for selector in ("#events", *CHARTS):
        wait_until_drawn(page, selector)
    total = len(all_events(api))
    assert page.locator("#events-table tbody tr").count() == min(50, total)
    stored = api.get("/v1/stats").json()["counts"]
    assert page.locator("#stats").text_content() == f"{stored['events']} events from 30 articles"
    places = api.get("/v1/places", params={"limit": 2000}).json()
    assert page.locator("#map-chart").get_attribute("data-count") == str(len(places))
    dyads = api.get("/v1/dyads", params={"n": 40}).json()
    assert page.locator("#network-chart").get_attribute("data-count") == str(len(dyads))
    months = api.get("/v1/series", params={"dyad": "*:*", "by": "month"}).json()
    assert page.locator("#series-chart").get_attribute("data-count") == str(len(months))
    page.screenshot(path=OUT / "dashboard.png", full_page=True)
    page.locator("#events").screenshot(path=OUT / "dashboard-table.png")
    page.locator("#series").screenshot(path=OUT / "dashboard-series.png")
    page.locator("#network").screenshot(path=OUT / "dashboard-network.png")
    page.locator("#map").screenshot(path=OUT / "dashboard-map.png")

    page.fill("#filters input[name=dyad]", dyad.lower())
    page.click("#filters button[type=submit]")
    wait_until_drawn(page, "#events", f"dyad={quote(dyad, safe='')}")
    wait_until_drawn(page, "#series-chart", f"dyad={quote(dyad, safe='')}")
    rows = page.locator("#events-table tbody tr")
    expected = all_events(api, dyad=dyad)
    assert rows.count() == len(expected) >= 1
    for i in range(rows.count()):
        assert rows.nth(i).get_attribute("data-source") == source
        assert rows.nth(i).get_attribute("data-target") == target
    assert f"dyad={quote(dyad, safe='')}" in page.url
    assert page.locator("#series-dyad").input_value() == dyad
    series = api.get("/v1/series", params={"dyad": dyad, "by": "month"}).json()
    assert page.locator("#series-chart").get_attribute("data-count") == str(len(series))

    page.click(f"#events-table tbody tr[data-id='{event['id']}']")
    page.wait_for_selector(f"#evidence-body[data-event='{event['id']}'] .sentence.root")
    sentence = record["sentence"]
    spans = record["spans"]
    assert marked(page, "source") == sentence[slice(*spans["source"])] == record["source"]["text"]
    assert marked(page, "target") == sentence[slice(*spans["target"])] == record["target"]["text"]
    assert marked(page, "trigger") == sentence[slice(*spans["trigger"])]
    assert page.locator("#evidence-body .sentence.root").text_content() == sentence.rstrip()
    assert page.locator("#evidence-body .mentions li").count() == len(event["mentions"])
    page.locator("main").screenshot(path=OUT / "dashboard-dyad.png")
    page.locator("#evidence").screenshot(path=OUT / "dashboard-evidence.png")

    assert all(url.startswith((server.url, "data:")) for url in visit.requests)
    assert visit.errors == [], "\n\n".join(visit.errors)


def test_filters_come_from_the_address(visit: Visit, server: Server, api: httpx.Client) -> None:
    page = visit.page
    page.goto(f"{server.url}/?country=UKR&type=ASSAULT")
    wait_until_drawn(page, "#events", "country=UKR")
    wait_until_drawn(page, "#map-chart", "country=UKR")
    assert page.locator("#filters input[name=country]").input_value() == "UKR"
    assert page.locator("#filters select[name=type]").input_value() == "ASSAULT"
    expected = all_events(api, country="UKR", type="ASSAULT")
    rows = page.locator("#events-table tbody tr")
    assert rows.count() == min(50, len(expected)) >= 1
    assert set(page.locator("#events-table tbody tr td:nth-child(2)").all_text_contents()) <= {
        "ASSAULT" + (f"/{e['mode']}" if e["mode"] else "") for e in expected
    }
    places = api.get("/v1/places", params={"country": "UKR", "type": "ASSAULT"}).json()
    assert page.locator("#map-chart").get_attribute("data-count") == str(len(places))
    page.click("#reset")
    wait_until_drawn(page, "#events", "")
    page.wait_for_function("() => document.querySelector('#events').dataset.query === ''")
    assert page.locator("#filters input[name=country]").input_value() == ""
    assert visit.errors == [], "\n\n".join(visit.errors)


def test_the_latest_filters_win_when_applied_in_quick_succession(
    visit: Visit, server: Server, api: httpx.Client
) -> None:
    page = visit.page
    page.goto(server.url)
    wait_until_drawn(page, "#events")
    wait_until_drawn(page, "#series-chart")
    dyads = api.get("/v1/dyads", params={"n": 2}).json()
    first, last = (f"{d['source']}:{d['target']}" for d in dyads[:2])
    for dyad in (first, last):
        page.fill("#filters input[name=dyad]", dyad)
        page.evaluate("document.getElementById('filters').requestSubmit()")
    wait_until_drawn(page, "#events", f"dyad={quote(last, safe='')}")
    wait_until_drawn(page, "#series-chart", f"dyad={quote(last, safe='')}")
    page.wait_for_timeout(300)  # an answer to the first filters, had it not been cancelled
    rows = page.locator("#events-table tbody tr")
    assert rows.count() == len(all_events(api, dyad=last)) >= 1
    source, target = last.split(":")
    for i in range(rows.count()):
        assert rows.nth(i).get_attribute("data-source") == source
        assert rows.nth(i).get_attribute("data-target") == target
    assert page.locator("#events").get_attribute("data-query") == f"dyad={quote(last, safe='')}"
    assert page.locator("#status").text_content() == ""
    assert visit.errors == [], "\n\n".join(visit.errors)
