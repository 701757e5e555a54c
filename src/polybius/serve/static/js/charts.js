// One place for the chart library (Apache ECharts, vendored) and what every chart shares.
import * as echarts from "../vendor/echarts.esm.min.js";

export { echarts };

/** The chart drawn in `element`, created on first use and resized with its element. */
function chartIn(element) {
  const existing = echarts.getInstanceByDom(element);
  if (existing) return existing;
  const chart = echarts.init(element, null, { renderer: "canvas" });
  new ResizeObserver(() => resizeChart(element, chart)).observe(element);
  return chart;
}

/** Fit `chart` to `element`, unless the element has no area (as while the browser lays out a
 * full-page screenshot): ECharts cannot invert a view of zero size, and its graph series then
 * throws "Cannot read properties of null". */
function resizeChart(element, chart) {
  if (element.clientWidth > 0 && element.clientHeight > 0) chart.resize();
}

/** Draw `option` in `element`'s chart. Every chart here keeps the same components and series
 * from one draw to the next and replaces their data, so the option is merged into the chart
 * rather than rebuilt (`notMerge` would tear down the tooltip and axis pointer while a pending
 * mouse event may still use them). */
export function draw(element, option) {
  const chart = chartIn(element);
  chart.setOption(option);
  return chart;
}

/** Mark `element` as drawn with `count` items (tests and screenshots wait for this). */
export function markDrawn(element, count, query = "") {
  element.dataset.count = String(count);
  element.dataset.query = query;
  element.dataset.ready = "true";
}

/** `text` safe to put inside HTML (chart tooltips are HTML strings). */
export function escapeHtml(text) {
  return String(text ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Quad class → [label, colour], shared by the series and the table. */
export const QUADS = {
  1: ["verbal cooperation", "#74b816"],
  2: ["material cooperation", "#2b8a3e"],
  3: ["verbal conflict", "#f59f00"],
  4: ["material conflict", "#e03131"],
};
