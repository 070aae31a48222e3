// Bakes the client's coastlines (npm run bake-map): Natural Earth 1:10m land from
// world-atlas, clipped to the theatre (112–140 E, 16–38 N), simplified to ~1 km, written
// as small GeoJSON under assets/map/. Small islands (the Senkakus are a few km²) are kept.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { feature } from 'topojson-client';
import type { Topology, GeometryCollection } from 'topojson-specification';

type Ring = [number, number][];
const BOX = { west: 112, east: 140, south: 16, north: 38 };
const TOLERANCE_DEG = 0.008;

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('..', import.meta.url));
const topology = JSON.parse(readFileSync(require.resolve('world-atlas/land-10m.json'), 'utf8')) as Topology<{ land: GeometryCollection }>;
const land = feature(topology, topology.objects.land) as unknown as GeoJSON.FeatureCollection<GeoJSON.MultiPolygon | GeoJSON.Polygon>;

/** Sutherland–Hodgman clip of a ring against one edge of the box. */
function clipEdge(ring: Ring, inside: (p: [number, number]) => boolean, cross: (a: [number, number], b: [number, number]) => [number, number]): Ring {
  const out: Ring = [];
  for (let i = 0; i < ring.length; i++) {
    const a = ring[i];
    const b = ring[(i + 1) % ring.length];
    const ina = inside(a);
    const inb = inside(b);
    if (ina) out.push(a);
    if (ina !== inb) out.push(cross(a, b));
  }
  return out;
}

function clip(ring: Ring): Ring {
  const atX = (x: number) => (a: [number, number], b: [number, number]): [number, number] => [x, a[1] + ((b[1] - a[1]) * (x - a[0])) / (b[0] - a[0])];
  const atY = (y: number) => (a: [number, number], b: [number, number]): [number, number] => [a[0] + ((b[0] - a[0]) * (y - a[1])) / (b[1] - a[1]), y];
  let r = ring;
  r = clipEdge(r, (p) => p[0] >= BOX.west, atX(BOX.west));
  r = clipEdge(r, (p) => p[0] <= BOX.east, atX(BOX.east));
  r = clipEdge(r, (p) => p[1] >= BOX.south, atY(BOX.south));
  r = clipEdge(r, (p) => p[1] <= BOX.north, atY(BOX.north));
  return r;
}

/** Douglas–Peucker on an open polyline. */
function simplify(points: Ring, tolerance: number): Ring {
  if (points.length <= 3) return points;
  const keep = new Uint8Array(points.length);
  keep[0] = keep[points.length - 1] = 1;
  const stack: [number, number][] = [[0, points.length - 1]];
  while (stack.length) {
    const [first, last] = stack.pop() as [number, number];
    const [x1, y1] = points[first];
    const [x2, y2] = points[last];
    const dx = x2 - x1;
    const dy = y2 - y1;
    const len = Math.hypot(dx, dy) || 1e-12;
    let maxDist = 0;
    let index = -1;
    for (let i = first + 1; i < last; i++) {
      const d = Math.abs(dy * points[i][0] - dx * points[i][1] + x2 * y1 - y2 * x1) / len;
      if (d > maxDist) {
        maxDist = d;
        index = i;
      }
    }
    if (index >= 0 && maxDist > tolerance) {
      keep[index] = 1;
      stack.push([first, index], [index, last]);
    }
  }
  return points.filter((_, i) => keep[i]);
}

const round = (x: number) => Math.round(x * 1000) / 1000;
const polygons: Ring[] = [];
for (const f of land.features) {
  const geometry = f.geometry;
  const polys = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  for (const poly of polys) {
    const outer = poly[0] as Ring;
    const lons = outer.map((p) => p[0]);
    const lats = outer.map((p) => p[1]);
    if (Math.max(...lons) < BOX.west || Math.min(...lons) > BOX.east || Math.max(...lats) < BOX.south || Math.min(...lats) > BOX.north) continue;
    const clipped = clip(outer.slice(0, -1) as Ring);
    if (clipped.length < 3) continue;
    // A closed ring starts and ends at the same point: simplify it as two open halves,
    // split at the vertex farthest from the start.
    let far = 0;
    for (let i = 1; i < clipped.length; i++) if (Math.hypot(clipped[i][0] - clipped[0][0], clipped[i][1] - clipped[0][1]) > Math.hypot(clipped[far][0] - clipped[0][0], clipped[far][1] - clipped[0][1])) far = i;
    const first = simplify(clipped.slice(0, far + 1), TOLERANCE_DEG);
    const second = simplify([...clipped.slice(far), clipped[0]], TOLERANCE_DEG);
    const simple = [...first, ...second.slice(1)];
    const ring = (simple.length >= 4 ? simple : [...clipped, clipped[0]]).map(([x, y]) => [round(x), round(y)] as [number, number]);
    polygons.push(ring);
  }
}

const out: GeoJSON.FeatureCollection = {
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      properties: { source: 'Natural Earth 1:10m land (public domain) via world-atlas 2', box: BOX, toleranceDeg: TOLERANCE_DEG },
      geometry: { type: 'MultiPolygon', coordinates: polygons.map((r) => [r]) },
    },
  ],
};
mkdirSync(root + 'assets/map', { recursive: true });
const file = root + 'assets/map/east-china-sea.json';
writeFileSync(file, JSON.stringify(out));
const points = polygons.reduce((n, r) => n + r.length, 0);
console.log(`wrote assets/map/east-china-sea.json: ${polygons.length} polygons, ${points} points, ${(JSON.stringify(out).length / 1024).toFixed(0)} KB`);
