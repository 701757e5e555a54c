// The actor network: actors as nodes, "acts on" as directed edges weighted by event count.
import { getJSON, queryString } from "./api.js";
import { draw, escapeHtml, markDrawn } from "./charts.js";

const PALETTE = ["#4263eb", "#e8590c", "#2b8a3e", "#ae3ec9", "#1098ad", "#f08c00", "#c92a2a",
  "#5c940d", "#862e9c", "#0b7285", "#d6336c", "#495057"];

function colourOf(code) {
  let hash = 0;
  for (const c of code.slice(0, 3)) hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
  return PALETTE[hash % PALETTE.length];
}

// The query last drawn and its dyads: the network depends on the date filters only, so other
// filters leave it as it is (its force layout is not run again and does not jump).
const drawn = { query: null, dyads: [] };

/** Draw the `n` busiest dyads within the date filters in `element`; `onDyad("A:B")` is called
 * when an edge is clicked, `onActor("A")` for a node; `signal` cancels the request. Resolves to
 * the dyads drawn. */
export async function drawNetwork(element, filters, { n = 40, onDyad, onActor, signal }) {
  const params = { n, since: filters.since, until: filters.until };
  const query = queryString(params);
  if (query === drawn.query) return drawn.dyads;
  const dyads = await getJSON("/v1/dyads", params, { signal });
  const weight = new Map();
  for (const d of dyads) {
    weight.set(d.source, (weight.get(d.source) ?? 0) + d.events);
    weight.set(d.target, (weight.get(d.target) ?? 0) + d.events);
  }
  const most = Math.max(1, ...dyads.map((d) => d.events));
  const nodes = [...weight].map(([code, events]) => ({
    id: code,
    name: code,
    value: events,
    symbolSize: 10 + 5 * Math.sqrt(events),
    itemStyle: { color: colourOf(code) },
  }));
  const links = dyads.map((d) => ({
    source: d.source,
    target: d.target,
    value: d.events,
    mentions: d.mentions,
    lineStyle: { width: 1 + 5 * (d.events / most), opacity: 0.75, curveness: 0.15 },
  }));
  const chart = draw(
    element,
    {
      animation: false,
      tooltip: {
        formatter: (item) =>
          item.dataType === "edge"
            ? `${escapeHtml(item.data.source)} → ${escapeHtml(item.data.target)}: ` +
              `${item.data.value} events, ${item.data.mentions} mentions`
            : `${escapeHtml(item.name)}: ${item.value} events`,
      },
      series: [
        {
          type: "graph",
          layout: "force",
          roam: true,
          draggable: true,
          force: { repulsion: 110, edgeLength: [30, 80], gravity: 0.18, layoutAnimation: false },
          label: { show: true, position: "right", fontSize: 10 },
          edgeSymbol: ["none", "arrow"],
          edgeSymbolSize: 7,
          emphasis: { focus: "adjacency" },
          data: nodes,
          links,
        },
      ],
    },
  );
  chart.off("click");
  chart.on("click", (item) => {
    if (item.dataType === "edge") onDyad(`${item.data.source}:${item.data.target}`);
    else if (item.dataType === "node") onActor(item.name);
  });
  markDrawn(element, dyads.length, query);
  Object.assign(drawn, { query, dyads });
  return dyads;
}
