// The dashboard: filters drive the events table, the map, the network and the series picker;
// a row opens its evidence. Every request goes to this server's own API.
import { getJSON, queryString } from "./api.js";
import { renderEvidence } from "./evidence.js";
import { filtersFromAddress, filtersToAddress, readForm, writeForm } from "./filters.js";
import { drawMap } from "./map.js";
import { drawNetwork } from "./network.js";
import { drawSeries } from "./series.js";
import { renderRows } from "./table.js";

const PAGE = 50;
const ALL = "*:*";

const form = document.getElementById("filters");
const status = document.getElementById("status");
const eventsPanel = document.getElementById("events");
const tbody = document.querySelector("#events-table tbody");
const more = document.getElementById("more");
const evidence = document.getElementById("evidence-body");
const seriesDyad = document.getElementById("series-dyad");
const seriesBy = document.getElementById("series-by");
const seriesChart = document.getElementById("series-chart");

let filters = {};
let cursor = null;
let shown = 0;
// Cancels the requests of the filters being drawn when newer filters are applied, so an older
// answer never draws over a newer one.
let drawing = new AbortController();

function report(error) {
  if (error?.name === "AbortError") return;
  status.textContent = error ? `${error.message}` : "";
}

async function loadEvents(append = false) {
  const params = { ...filters, limit: PAGE, cursor: append ? cursor : undefined };
  const page = await getJSON("/v1/events", params, { signal: drawing.signal });
  renderRows(tbody, page.items, { append, onSelect: openEvent });
  shown = (append ? shown : 0) + page.items.length;
  cursor = page.next_cursor;
  more.hidden = !cursor;
  document.getElementById("events-count").textContent =
    `${shown}${cursor ? "+" : ""} shown`;
  eventsPanel.dataset.count = String(shown);
  eventsPanel.dataset.query = queryString(filters);
  eventsPanel.dataset.ready = "true";
}

async function openEvent(id, row) {
  for (const selected of tbody.querySelectorAll("tr.selected")) selected.classList.remove("selected");
  row.classList.add("selected");
  try {
    renderEvidence(evidence, await getJSON(`/v1/events/${encodeURIComponent(id)}`));
    document.querySelector("#evidence .hint").hidden = true;
    report(null);
  } catch (error) {
    report(error);
  }
}

function seriesChoices(dyads) {
  const wanted = seriesDyad.value || filters.dyad || ALL;
  const options = [[ALL, "all events"]];
  if (filters.dyad && filters.dyad !== ALL) options.push([filters.dyad, `${filters.dyad} (filter)`]);
  for (const d of dyads) {
    const code = `${d.source}:${d.target}`;
    if (!options.some(([value]) => value === code)) {
      options.push([code, `${d.source} → ${d.target} (${d.events})`]);
    }
  }
  seriesDyad.replaceChildren(
    ...options.map(([value, label]) => new Option(label, value, false, value === wanted)),
  );
  if (!options.some(([value]) => value === wanted)) seriesDyad.value = ALL;
}

async function loadSeries() {
  await drawSeries(seriesChart, seriesDyad.value || ALL, seriesBy.value, filters, {
    signal: drawing.signal,
  });
}

function applyFilter(change) {
  writeForm(form, { ...readForm(form), ...change });
  if (change.dyad) seriesDyad.value = "";
  form.requestSubmit();
}

async function apply() {
  if (!form.checkValidity()) {
    form.reportValidity();
    return;
  }
  filters = readForm(form);
  filtersToAddress(filters);
  if (filters.dyad) seriesDyad.value = "";
  report(null);
  drawing.abort();
  drawing = new AbortController();
  const { signal } = drawing;
  try {
    const [, dyads] = await Promise.all([
      loadEvents(),
      drawNetwork(document.getElementById("network-chart"), filters, {
        onDyad: (dyad) => applyFilter({ dyad }),
        onActor: (actor) => applyFilter({ actor }),
        signal,
      }),
      drawMap(document.getElementById("map-chart"), filters, {
        onCountry: (country) => applyFilter({ country }),
        signal,
      }).then((places) => {
        document.getElementById("map-count").textContent =
          `${places.length} place${places.length === 1 ? "" : "s"}`;
      }),
    ]);
    seriesChoices(dyads);
    await loadSeries();
  } catch (error) {
    report(error);
  }
}

let suggestTimer = 0;
function suggestActors() {
  clearTimeout(suggestTimer);
  suggestTimer = setTimeout(async () => {
    const q = form.elements.actor.value.trim();
    if (q.length < 2) return;
    const actors = await getJSON("/v1/actors", { q, limit: 15 }).catch(() => []);
    document.getElementById("actor-codes").replaceChildren(
      ...actors.filter((a) => a.code).map((a) => new Option(`${a.name} (${a.events})`, a.code)),
    );
  }, 200);
}

async function start() {
  const [types, stats] = await Promise.all([getJSON("/v1/types"), getJSON("/v1/stats")]);
  form.elements.type.append(
    ...types.map((t) => new Option(`${t.name} (quad ${t.quad_class})`, t.name)),
  );
  document.getElementById("stats").textContent =
    `${stats.counts.events} events from ${stats.counts.articles} articles`;
  writeForm(form, filtersFromAddress());
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    apply();
  });
  document.getElementById("reset").addEventListener("click", () => {
    writeForm(form, {});
    seriesDyad.value = ALL;
    apply();
  });
  more.addEventListener("click", () => loadEvents(true).catch(report));
  seriesDyad.addEventListener("change", () => loadSeries().catch(report));
  seriesBy.addEventListener("change", () => loadSeries().catch(report));
  form.elements.actor.addEventListener("input", suggestActors);
  await apply();
}

start().catch(report);
