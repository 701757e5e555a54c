// Build the dashboard into src/polybius/serve/static/: our own files from src/, plus the
// vendored libraries from node_modules (no CDN at run time). Run with `npm run build`
// (or `make frontend`); the output is committed so the Python package needs no npm.
import { cp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { feature } from "topojson-client";

const root = new URL("./", import.meta.url);
const out = new URL("../src/polybius/serve/static/", import.meta.url);
const vendor = new URL("vendor/", out);
const modules = new URL("node_modules/", root);

async function version(name) {
  const manifest = JSON.parse(await readFile(new URL(`${name}/package.json`, modules)));
  return { name, version: manifest.version, license: manifest.license };
}

await rm(out, { recursive: true, force: true });
await mkdir(new URL("swagger/", vendor), { recursive: true });
await cp(new URL("src/", root), out, { recursive: true });

// Apache ECharts: the ES module build (charts, graph for the network, geo for the map).
await cp(new URL("echarts/dist/echarts.esm.min.mjs", modules), new URL("echarts.esm.min.js", vendor));
await cp(new URL("echarts/LICENSE", modules), new URL("LICENSE-echarts.txt", vendor));

// The world outline: Natural Earth 1:110m countries (public domain) from world-atlas, turned
// from TopoJSON into the GeoJSON that echarts.registerMap takes (Antarctica left out: no news
// events there, and it takes a fifth of the map's height).
const topology = JSON.parse(await readFile(new URL("world-atlas/countries-110m.json", modules)));
const countries = feature(topology, topology.objects.countries);
countries.features = countries.features.filter((f) => f.properties.name !== "Antarctica");

// A few rings (Fiji, Chukotka) cross the antimeridian: on a flat map their -180/180 edge would
// be drawn as a line across the whole world. Pin such a ring's points on its smaller side to the
// antimeridian of its larger side (a sliver of land a few degrees wide is flattened).
function pinToAntimeridian(ring) {
  const crosses = ring.some((point, i) => i > 0 && Math.abs(point[0] - ring[i - 1][0]) > 180);
  if (!crosses) return ring;
  const east = ring.filter(([lon]) => lon > 0).length >= ring.length / 2;
  return ring.map(([lon, lat]) => [east ? (lon < 0 ? 180 : lon) : lon > 0 ? -180 : lon, lat]);
}
for (const country of countries.features) {
  const { geometry } = country;
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  for (const polygon of polygons) polygon.forEach((ring, i) => (polygon[i] = pinToAntimeridian(ring)));
}
await writeFile(new URL("world-110m.geo.json", vendor), JSON.stringify(countries));
await cp(new URL("world-atlas/LICENSE", modules), new URL("LICENSE-world-atlas.txt", vendor));

// Swagger UI for /docs.
for (const name of ["swagger-ui-bundle.js", "swagger-ui.css", "favicon-32x32.png", "LICENSE"]) {
  await cp(new URL(`swagger-ui-dist/${name}`, modules), new URL(`swagger/${name}`, vendor));
}

const versions = await Promise.all(
  ["echarts", "world-atlas", "topojson-client", "swagger-ui-dist"].map(version),
);
await writeFile(new URL("VERSIONS.json", vendor), JSON.stringify(versions, null, 2) + "\n");
console.log(`dashboard built into ${out.pathname}`);
for (const v of versions) console.log(`  ${v.name} ${v.version} (${v.license})`);
