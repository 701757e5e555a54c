// The dyad time series: events per period stacked by quad class, and the mean Goldstein score.
import { getJSON, queryString } from "./api.js";
import { QUADS, draw, markDrawn } from "./charts.js";

const QUAD_FIELDS = {
  1: "verbal_cooperation",
  2: "material_cooperation",
  3: "verbal_conflict",
  4: "material_conflict",
};

/** Draw `dyad`'s series by `by` (day, week, month) in `element`, within the date and type
 * filters of `filters`; `signal` cancels the request. Resolves to the number of periods. */
export async function drawSeries(element, dyad, by, filters, { signal } = {}) {
  const params = {
    dyad, by, since: filters.since, until: filters.until, type: filters.type,
    include_negated: filters.include_negated,
  };
  const points = await getJSON("/v1/series", params, { signal });
  const periods = points.map((p) => p.period);
  const bars = Object.entries(QUAD_FIELDS).map(([quad, field]) => ({
    name: QUADS[quad][0],
    type: "bar",
    stack: "events",
    barMaxWidth: 36,
    itemStyle: { color: QUADS[quad][1] },
    data: points.map((p) => p[field]),
  }));
  const goldstein = {
    name: "mean Goldstein",
    type: "line",
    yAxisIndex: 1,
    connectNulls: false,
    symbolSize: 5,
    itemStyle: { color: "#364fc7" },
    data: points.map((p) => p.goldstein_mean),
  };
  draw(
    element,
    {
      animation: false,
      title: { text: dyad === "*:*" ? "all events" : dyad.replace(":", " → "), left: "center",
        textStyle: { fontSize: 13 } },
      tooltip: { trigger: "axis" },
      legend: { bottom: 0 },
      grid: { left: 48, right: 56, top: 36, bottom: 64 },
      dataZoom: [{ type: "inside" }, { type: "slider", height: 16, bottom: 26 }],
      xAxis: { type: "category", data: periods },
      yAxis: [
        { type: "value", name: "events", minInterval: 1 },
        { type: "value", name: "Goldstein", min: -10, max: 10, splitLine: { show: false } },
      ],
      series: [...bars, goldstein],
    },
  );
  markDrawn(element, points.length, queryString(params));
  return points.length;
}
