// The baked coastline (npm run bake-map) is small and has the places the crisis is about,
// where they are: a point on each island or coast lies on land, and islets a few km across
// are kept close to where they are charted.
import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.ts';

const FILE = ROOT + 'assets/map/east-china-sea.json';
type Ring = [number, number][];
const map = JSON.parse(readFileSync(FILE, 'utf8')) as { features: { geometry: { type: string; coordinates: Ring[][] } }[] };
const rings = map.features.flatMap((f) => f.geometry.coordinates.map((polygon) => polygon[0]));

function inside(ring: Ring, lon: number, lat: number): boolean {
  let odd = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) odd = !odd;
  }
  return odd;
}

/** Distance in km from a point to the nearest coastline vertex (equirectangular, fine at this scale). */
function nearestKm(lon: number, lat: number): number {
  const k = Math.cos((lat * Math.PI) / 180);
  let best = Infinity;
  for (const ring of rings) for (const [x, y] of ring) best = Math.min(best, Math.hypot((x - lon) * k, y - lat) * 111.2);
  return best;
}

const onLand = (lon: number, lat: number) => rings.some((ring) => inside(ring, lon, lat));

describe('baked coastline', () => {
  it('is a small lon/lat GeoJSON file covering the theatre', () => {
    expect(statSync(FILE).size).toBeLessThan(300 * 1024);
    expect(map.features[0].geometry.type).toBe('MultiPolygon');
    const lons = rings.flat().map((p) => p[0]);
    const lats = rings.flat().map((p) => p[1]);
    expect(Math.min(...lons)).toBeLessThanOrEqual(116);
    expect(Math.max(...lons)).toBeGreaterThanOrEqual(132);
    expect(Math.min(...lats)).toBeLessThanOrEqual(20);
    expect(Math.max(...lats)).toBeGreaterThanOrEqual(34);
  });

  // Points on land (source: any atlas; islands by their main town or summit).
  const places: [string, number, number][] = [
    ['Taiwan (central range)', 121.0, 23.7],
    ['Okinawa Island (Okinawa City)', 127.8, 26.33],
    ['Kyushu (Kumamoto)', 130.7, 32.8],
    ['Luzon (Cagayan valley)', 121.7, 17.6],
    ['PRC coast (Fuzhou)', 119.3, 26.08],
    ['Miyako-jima (Hirara)', 125.3, 24.78],
    ['Ishigaki-jima', 124.2, 24.42],
  ];
  for (const [name, lon, lat] of places) {
    it(`has ${name} on land`, () => expect(onLand(lon, lat)).toBe(true));
  }

  // Islets too small to hold a test point after simplification: the coastline must pass close
  // by. Natural Earth 1:10m draws Uotsuri-jima about 4 km east of its charted position (the
  // islet itself is 3.5 km long): under 2 px at the map's fitted zoom.
  const islets: [string, number, number][] = [
    ['Uotsuri-jima (Senkakus)', 123.47, 25.74],
    ['Yonaguni-jima', 123.0, 24.47],
  ];
  for (const [name, lon, lat] of islets) {
    it(`keeps ${name}`, () => expect(onLand(lon, lat) || nearestKm(lon, lat) < 6).toBe(true));
  }

  it('has open sea where there is none: the Senkaku channel and the Miyako Strait', () => {
    expect(onLand(124.0, 25.0)).toBe(false);
    expect(onLand(126.3, 25.3)).toBe(false);
  });
});
