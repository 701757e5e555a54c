// The map of event locations: a world outline (Natural Earth via world-atlas, vendored) and a
// circle per place, sized by its number of events. No tiles, so it works offline.
import { getJSON, queryString } from "./api.js";
import { draw, echarts, escapeHtml, markDrawn } from "./charts.js";

let outline = null;

async function registerWorld() {
  outline ??= fetch("/static/vendor/world-110m.geo.json")
    .then((response) => response.json())
    .then((world) => echarts.registerMap("world", world));
  return outline;
}

/** Draw the places of the events matching `filters` in `element`; `onCountry("ISO")` is
 * called when a place is clicked; `signal` cancels the request. Resolves to the places drawn. */
export async function drawMap(element, filters, { onCountry, signal }) {
  const params = { ...filters, limit: 2000 };
  const [places] = await Promise.all([
    getJSON("/v1/places", params, { signal }),
    registerWorld(),
  ]);
  const most = Math.max(1, ...places.map((p) => p.events));
  const chart = draw(
    element,
    {
      animation: false,
      tooltip: {
        formatter: (item) =>
          item.seriesType === "scatter"
            ? `${escapeHtml(item.data.name)}, ${escapeHtml(item.data.country)}<br>` +
              `${item.data.value[2]} events (${escapeHtml(item.data.precision)})`
            : escapeHtml(item.name),
      },
      geo: {
        map: "world",
        roam: true,
        itemStyle: { areaColor: "#e7ebf1", borderColor: "#a9b3c1", borderWidth: 0.5 },
        emphasis: { itemStyle: { areaColor: "#d3dbe7" }, label: { show: false } },
      },
      series: [
        {
          type: "scatter",
          coordinateSystem: "geo",
          data: places.map((p) => ({
            name: p.name,
            country: p.country,
            precision: p.precision,
            value: [p.lon, p.lat, p.events],
          })),
          symbolSize: (value) => 6 + 18 * Math.sqrt(value[2] / most),
          itemStyle: { color: "#d9480f", opacity: 0.72, borderColor: "#fff", borderWidth: 0.6 },
        },
      ],
    },
  );
  chart.off("click");
  chart.on("click", (item) => {
    if (item.seriesType === "scatter") onCountry(item.data.country);
  });
  markDrawn(element, places.length, queryString(params));
  return places;
}
