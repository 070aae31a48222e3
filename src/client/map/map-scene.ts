// The Phaser map: Natural Earth coastlines in a fixed equirectangular projection (to scale
// at 25°N), scenario zones and rings, off-map boxes, and MIL-STD-2525 unit counters stacked
// per zone. It draws a RoleView and reports what the user points at; it knows no rules.
import * as Phaser from 'phaser';
import { ms, std2525c } from 'milsymbol-core';

// Only the MIL-STD-2525C letter-SIDC icons are registered (see the alias in vite.config.ts).
ms.addIcons(std2525c);
import type { RoleView, UnitView, ZoneData } from '../types.ts';
import coastline from '../../../assets/map/east-china-sea.json';

/** Pixels per degree of latitude; longitude is scaled by cos(25°) so distances are true near the Senkakus. */
const PX_PER_DEG = 90;
const LAT0 = 25;
const COS0 = Math.cos((LAT0 * Math.PI) / 180);
const WEST = 112;
const NORTH = 38;

export function project(lon: number, lat: number): { x: number; y: number } {
  return { x: (lon - WEST) * PX_PER_DEG * COS0, y: (NORTH - lat) * PX_PER_DEG };
}
const KM_PER_DEG = 111.2;
const kmToPx = (km: number) => (km / KM_PER_DEG) * PX_PER_DEG;

const THEATRE_BOUNDS = { west: 117.5, east: 131.5, south: 21.5, north: 33.5 };
/** Off-map boxes (Tokyo, Guam, Hawaii, Washington) stand in a column east of the theatre, in open ocean. */
const OFFMAP_ANCHOR = project(133.6, 30.4);
const OFFMAP_W = 114;
const OFFMAP_H = 46;
const OFFMAP_STEP = 52;
/** Land polygons smaller than this across (degrees) are outlined so they stay visible. */
const ISLET_DEG = 0.4;
/** The render loop sleeps once nothing has changed for this long and a few frames were drawn since. */
const IDLE_MS_BEFORE_SLEEP = 400;
const IDLE_FRAMES_BEFORE_SLEEP = 3;

export interface MapCallbacks {
  onHover(text: string | null, x: number, y: number): void;
  onSelectZone(zone: string, units: UnitView[]): void;
  onSelectTarget(zone: string): void;
}

interface Stack {
  zone: string;
  units: UnitView[];
  /** Where the counter is drawn now (world). */
  x: number;
  y: number;
  /** Friendly counters sit left of the zone's point, others right. */
  side: -1 | 1;
  image: Phaser.GameObjects.Image;
  badge?: Phaser.GameObjects.Text;
}

/** Where a label may go: an offset in world units (a ring's radius), one in screen pixels, and the text's origin. */
interface Spot {
  wdx: number;
  wdy: number;
  sdx: number;
  sdy: number;
  ox: number;
  oy: number;
}

/** A zone label: a world anchor, the spots it may take (in order), and a priority for decluttering. */
interface Label {
  text: Phaser.GameObjects.Text;
  x: number;
  y: number;
  spots: Spot[];
  priority: number;
}

interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}
const overlaps = (a: Box, b: Box) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

const AFFILIATION_LETTER: Record<UnitView['affiliation'], string> = { friendly: 'F', hostile: 'H', neutral: 'N', unknown: 'U' };

export class MapScene extends Phaser.Scene {
  private zones: ZoneData[] = [];
  private sidcByType = new Map<string, string>();
  private zonePos = new Map<string, { x: number; y: number }>();
  /** Where a zone's counters go: its centre, or for an outer ring round a smaller one, on the ring. */
  private counterPos = new Map<string, { x: number; y: number }>();
  private unitLayer?: Phaser.GameObjects.Container;
  private highlight?: Phaser.GameObjects.Graphics;
  private selection?: Phaser.GameObjects.Graphics;
  private stacks: Stack[] = [];
  private targets = new Set<string>();
  private lastView?: RoleView;
  private dragging = false;
  /** Labels and counters keep a readable screen size whatever the zoom. */
  private screenSized: Phaser.GameObjects.Components.Transform[] = [];
  private screenScale = 1;
  /** Labels and counters drawn this many times their usual screen size (the projector's are read from across a room). */
  private textScale = 1;
  private labels: Label[] = [];
  private leaders?: Phaser.GameObjects.Graphics;
  private selectedZone: string | null = null;
  private offmap: ZoneData[] = [];
  private offmapBoxes?: Phaser.GameObjects.Graphics;
  private offmapLabels: Phaser.GameObjects.Text[] = [];
  private offmapCaption?: Phaser.GameObjects.Text;
  private idleFrames = 0;
  private changedAt = 0;
  frameTimes: number[] = [];

  constructor(private readonly callbacks: MapCallbacks, options: { textScale?: number } = {}) {
    super('map');
    this.textScale = options.textScale ?? 1;
  }

  /** Scale labels and counters (and the off-map boxes) by `factor`, e.g. when the projector's window is resized. */
  setTextScale(factor: number): void {
    if (!(factor > 0) || factor === this.textScale) return;
    this.textScale = factor;
    if (this.sys.isActive()) this.fitTheatre();
  }

  configure(zones: ZoneData[], unitTypes: { id: string; sidc: string }[]): void {
    this.zones = zones;
    this.sidcByType = new Map(unitTypes.map((t) => [t.id, t.sidc]));
    // Off-map boxes get their place (screen-sized, so it depends on the zoom) in layout().
    this.offmap = zones.filter((z) => z.kind === 'offmap');
    for (const zone of zones) this.zonePos.set(zone.id, zone.kind === 'offmap' ? OFFMAP_ANCHOR : project(zone.centre[0], zone.centre[1]));
    for (const zone of zones) {
      const p = this.zonePos.get(zone.id);
      if (!p) continue;
      const r = zone.radiusKm ?? 0;
      const inner = r > 0 && zones.some((z) => z.id !== zone.id && z.radiusKm !== undefined && z.radiusKm < r && z.centre[0] === zone.centre[0] && z.centre[1] === zone.centre[1]);
      // The outer ring's counters sit on its north-east arc, clear of the inner ring's.
      this.counterPos.set(zone.id, inner ? { x: p.x + kmToPx(r) * Math.cos(-Math.PI / 5), y: p.y + kmToPx(r) * Math.sin(-Math.PI / 5) } : p);
    }
  }

  create(): void {
    this.cameras.main.setBackgroundColor('#0b2a40');
    this.drawGraticule();
    this.drawLand();
    this.drawZones();
    this.highlight = this.add.graphics().setDepth(5);
    this.selection = this.add.graphics().setDepth(6);
    this.unitLayer = this.add.container(0, 0).setDepth(10);
    this.setupInput();
    this.measureFrames();
    // The canvas takes its parent's size only after the first layout: fit then, and on resizes.
    this.fitTheatre();
    this.time.delayedCall(50, () => this.fitTheatre());
    this.scale.on('resize', () => this.fitTheatre());
    // The scale manager notices a resized parent only while the loop runs: wake it.
    const parent = this.game.canvas.parentElement;
    if (parent) {
      // (The scale manager polls its parent only every half second of running loop, and the
      // loop may sleep sooner: read the new size now.)
      const observer = new ResizeObserver(() => {
        // A destroyed game (a new one replaced it) has no canvas left to resize; waking the
        // loop steps it at once, which may be the step that destroys it.
        if (!this.scale?.canvas) return observer.disconnect();
        this.wake();
        if (!this.scale?.canvas) return observer.disconnect();
        this.scale.getParentBounds();
        this.scale.refresh();
      });
      observer.observe(parent);
      this.events.once('destroy', () => observer.disconnect());
      this.game.events.once(Phaser.Core.Events.DESTROY, () => observer.disconnect());
    }
    if (this.lastView) this.render(this.lastView);
  }

  /**
   * Phaser redraws every frame by default, but the map is still most of the time: the loop
   * sleeps after a few unchanged frames and wakes on any change, leaving the CPU (and the
   * software GPU of a headless browser) to the panels and the bots.
   */
  wake(): void {
    this.idleFrames = 0;
    this.changedAt = performance.now();
    if (!this.game.loop.running) this.game.loop.wake(true);
  }

  override update(): void {
    // A running tween (a ping) is a change on every frame.
    if (this.tweens.getTweens().length > 0) this.changedAt = performance.now();
    this.idleFrames += 1;
    if (this.idleFrames > IDLE_FRAMES_BEFORE_SLEEP && performance.now() - this.changedAt > IDLE_MS_BEFORE_SLEEP) this.game.loop.sleep();
  }

  /** Work per frame (update + render), not the vsync interval: the figure that limits smoothness. */
  private measureFrames(): void {
    let started = 0;
    this.game.events.on('prestep', () => {
      started = performance.now();
    });
    this.game.events.on('postrender', () => {
      this.frameTimes.push(performance.now() - started);
      if (this.frameTimes.length > 600) this.frameTimes.shift();
    });
  }

  private drawGraticule(): void {
    const g = this.add.graphics().setDepth(0);
    g.lineStyle(1, 0x1d4a66, 0.6);
    for (let lon = 112; lon <= 140; lon += 2) {
      const a = project(lon, 16);
      const b = project(lon, 38);
      g.lineBetween(a.x, a.y, b.x, b.y);
      if (lon % 4 === 0) this.keepSize(this.add.text(a.x + 2, project(0, 16.6).y, `${lon}°E`, { fontSize: '11px', color: '#4f7a96' }).setDepth(1));
    }
    for (let lat = 16; lat <= 38; lat += 2) {
      const a = project(112, lat);
      const b = project(140, lat);
      g.lineBetween(a.x, a.y, b.x, b.y);
      if (lat % 4 === 0) this.keepSize(this.add.text(a.x + 4, a.y - 14, `${lat}°N`, { fontSize: '11px', color: '#4f7a96' }).setDepth(1));
    }
  }

  /**
   * Land as Polygon shapes: Phaser triangulates a Polygon once, whereas a Graphics fill
   * runs earcut over every coastline point on every frame. Only islets get an outline (so a
   * 3 km island still shows as a dot): outlining the large coasts cost most of a frame's work.
   */
  private drawLand(): void {
    const geometry = (coastline as { features: { geometry: { coordinates: number[][][][] } }[] }).features[0].geometry;
    for (const polygon of geometry.coordinates) {
      const ring = polygon[0];
      const lons = ring.map((p) => p[0]);
      const lats = ring.map((p) => p[1]);
      const islet = Math.max(Math.max(...lons) - Math.min(...lons), Math.max(...lats) - Math.min(...lats)) < ISLET_DEG;
      const points = ring.flatMap(([lon, lat]) => {
        const p = project(lon, lat);
        return [p.x, p.y];
      });
      const shape = this.add.polygon(0, 0, points, 0x3a5142, 1).setOrigin(0, 0).setDepth(2);
      if (islet) shape.setStrokeStyle(1.5, 0x8fae88, 1);
    }
  }

  private drawZones(): void {
    const g = this.add.graphics().setDepth(3);
    this.offmapBoxes = this.add.graphics().setDepth(3);
    // Adjacency first (faint), so movement options read at a glance.
    g.lineStyle(1, 0x6fa8c8, 0.25);
    const drawn = new Set<string>();
    for (const zone of this.zones) {
      if (zone.kind === 'offmap') continue;
      for (const other of zone.adjacent) {
        const key = [zone.id, other].sort().join('|');
        const a = this.zonePos.get(zone.id);
        const b = this.zonePos.get(other);
        if (drawn.has(key) || !a || !b || this.zones.find((z) => z.id === other)?.kind === 'offmap') continue;
        drawn.add(key);
        g.lineBetween(a.x, a.y, b.x, b.y);
      }
    }
    for (const zone of this.zones) {
      const p = this.zonePos.get(zone.id);
      if (!p) continue;
      if (zone.kind === 'offmap') {
        // "Hawaii (Camp H.M. Smith)" reads "Hawaii" here; the tooltip has the full name.
        const short = zone.name.replace(/\s*\(.*\)\s*$/, '');
        this.offmapLabels.push(this.add.text(0, 0, `${short} ⟶`, { fontSize: '12px', color: '#cfe3f2', fontStyle: 'bold', resolution: 2 }).setOrigin(0.5, 0).setDepth(4));
        continue;
      }
      if (zone.radiusKm) {
        g.lineStyle(zone.kind === 'territorial-sea' ? 2 : 1.5, zone.kind === 'territorial-sea' ? 0xf2c14e : 0x4fb3d9, 0.9);
        g.strokeCircle(p.x, p.y, kmToPx(zone.radiusKm));
      } else if (zone.kind === 'island' || zone.kind === 'land') {
        g.fillStyle(0xf2c14e, 1);
        g.fillTriangle(p.x, p.y - 6, p.x - 5, p.y + 4, p.x + 5, p.y + 4);
      } else {
        g.fillStyle(0x9ccbe6, 0.7);
        g.fillCircle(p.x, p.y, 3);
      }
      const island = zone.kind === 'island' || zone.kind === 'land';
      const label = zone.id === 'uotsuri' ? `${zone.name} (Senkaku Is.)` : zone.name;
      const text = this.add
        .text(p.x, p.y, label, { fontSize: island ? '12px' : '11px', color: island ? '#ffe7a3' : '#a9cbe0', fontStyle: island ? 'bold' : 'normal', resolution: 2 })
        .setOrigin(0.5, 0)
        .setDepth(4);
      // Ring labels go above or below the ring; point labels below, above, right or left of the
      // point, whichever is free. Islands are placed first.
      const r = zone.radiusKm ? kmToPx(zone.radiusKm) : 0;
      const spots: Spot[] = zone.radiusKm
        ? [
            { wdx: 0, wdy: -r, sdx: 0, sdy: -2, ox: 0.5, oy: 1 },
            { wdx: 0, wdy: r, sdx: 0, sdy: 2, ox: 0.5, oy: 0 },
            { wdx: -r * 0.7, wdy: r * 0.7, sdx: -2, sdy: 0, ox: 1, oy: 0 },
            { wdx: r * 0.7, wdy: r * 0.7, sdx: 2, sdy: 0, ox: 0, oy: 0 },
            { wdx: -r, wdy: 0, sdx: -3, sdy: 0, ox: 1, oy: 0.5 },
          ]
        : [
            { wdx: 0, wdy: 0, sdx: 0, sdy: 7, ox: 0.5, oy: 0 },
            { wdx: 0, wdy: 0, sdx: 0, sdy: -8, ox: 0.5, oy: 1 },
            { wdx: 0, wdy: 0, sdx: 8, sdy: 0, ox: 0, oy: 0.5 },
            { wdx: 0, wdy: 0, sdx: -8, sdy: 0, ox: 1, oy: 0.5 },
          ];
      // The Senkakus are a few km² and the crisis is about them: their label always shows.
      this.labels.push({ text, x: p.x, y: p.y, spots, priority: zone.id === 'uotsuri' ? 4 : island ? 3 : zone.radiusKm ? 1 : 2 });
    }
    this.labels.sort((a, b) => b.priority - a.priority || a.y - b.y || a.x - b.x);
  }

  /** Screen-sized labels placed by priority at their first free spot; a label with none is hidden. */
  private placeLabels(labels: Label[], obstacles: readonly Box[]): Box[] {
    const k = this.screenScale;
    const placed: Box[] = [];
    // The world in view now: a spot that would run off the edge (e.g. a long name near the
    // west edge of the fitted theatre) yields to one that fits, then to the same spot slid
    // back into view.
    const camera = this.cameras.main;
    const view = { x0: camera.scrollX + camera.width / 2 - camera.width / (2 * camera.zoom), x1: camera.scrollX + camera.width / 2 + camera.width / (2 * camera.zoom), y0: camera.scrollY + camera.height / 2 - camera.height / (2 * camera.zoom), y1: camera.scrollY + camera.height / 2 + camera.height / (2 * camera.zoom) };
    const free = (b: Box) => !placed.some((p) => overlaps(p, b)) && !obstacles.some((p) => overlaps(p, b));
    for (const label of labels) {
      const text = label.text.setScale(k);
      const w = text.displayWidth;
      const h = text.displayHeight;
      let chosen: { spot: Spot; box: Box; dx: number; dy: number } | undefined;
      let slid: typeof chosen;
      let cut: typeof chosen;
      for (const spot of label.spots) {
        const ax = label.x + spot.wdx + spot.sdx * k;
        const ay = label.y + spot.wdy + spot.sdy * k;
        const box = { x0: ax - spot.ox * w - 2 * k, y0: ay - spot.oy * h - k, x1: ax + (1 - spot.ox) * w + 2 * k, y1: ay + (1 - spot.oy) * h + k };
        const dx = Math.max(0, view.x0 - box.x0) - Math.max(0, box.x1 - view.x1);
        const dy = Math.max(0, view.y0 - box.y0) - Math.max(0, box.y1 - view.y1);
        if (dx === 0 && dy === 0) {
          if (!free(box)) continue;
          chosen = { spot, box, dx, dy };
          break;
        }
        const moved = { x0: box.x0 + dx, x1: box.x1 + dx, y0: box.y0 + dy, y1: box.y1 + dy };
        if (!slid && free(moved)) slid = { spot, box: moved, dx, dy };
        if (!cut && free(box)) cut = { spot, box, dx: 0, dy: 0 };
      }
      // A sea area's name cut by the edge ("…rs (Zhejiang–Fujian)") says nothing: it waits for
      // the next zoom instead (its tooltip names it). Islands are drawn even cut.
      chosen ??= slid ?? (label.priority >= 3 ? cut : undefined);
      text.setVisible(chosen !== undefined);
      if (!chosen) continue;
      placed.push(chosen.box);
      const { spot, dx, dy } = chosen;
      text.setOrigin(spot.ox, spot.oy).setPosition(label.x + spot.wdx + spot.sdx * k + dx, label.y + spot.wdy + spot.sdy * k + dy);
    }
    return placed;
  }

  private setupInput(): void {
    const camera = this.cameras.main;
    this.input.on('pointerdown', () => {
      this.dragging = false;
      this.wake();
    });
    this.input.on('pointermove', (pointer: Phaser.Input.Pointer) => {
      if (pointer.isDown) {
        const dx = (pointer.x - pointer.prevPosition.x) / camera.zoom;
        const dy = (pointer.y - pointer.prevPosition.y) / camera.zoom;
        if (Math.abs(dx) + Math.abs(dy) > 0.5) this.dragging = true;
        this.wake();
        camera.scrollX -= dx;
        camera.scrollY -= dy;
        this.callbacks.onHover(null, 0, 0);
        return;
      }
      const world = camera.getWorldPoint(pointer.x, pointer.y);
      const stack = this.stackAt(world.x, world.y);
      const zone = stack ? undefined : this.zoneAt(world.x, world.y);
      const text = stack ? this.describeStack(stack) : zone ? this.describeZone(zone) : null;
      this.callbacks.onHover(text, pointer.x, pointer.y);
    });
    this.input.on('pointerup', (pointer: Phaser.Input.Pointer) => {
      if (this.dragging) return;
      const world = camera.getWorldPoint(pointer.x, pointer.y);
      const stack = this.stackAt(world.x, world.y);
      const zone = stack?.zone ?? this.zoneAt(world.x, world.y)?.id;
      if (!zone) return;
      if (this.targets.has(zone)) this.callbacks.onSelectTarget(zone);
      else this.callbacks.onSelectZone(zone, stack?.units ?? []);
    });
    this.input.on('wheel', (pointer: Phaser.Input.Pointer, _over: unknown, _dx: number, dy: number) => {
      this.zoomAt(dy > 0 ? 1 / 1.15 : 1.15, pointer.x, pointer.y);
    });
  }

  private keepSize<T extends Phaser.GameObjects.Components.Transform>(object: T): T {
    object.setScale(this.screenScale);
    this.screenSized.push(object);
    return object;
  }

  private applyScreenScale(): void {
    this.screenScale = Math.min(3, 1 / this.cameras.main.zoom) * this.textScale;
    for (const object of this.screenSized) object.setScale(this.screenScale);
    this.layout();
  }

  zoomAt(factor: number, screenX = this.scale.width / 2, screenY = this.scale.height / 2): void {
    const camera = this.cameras.main;
    const before = camera.getWorldPoint(screenX, screenY);
    camera.setZoom(Phaser.Math.Clamp(camera.zoom * factor, 0.25, 8));
    const after = camera.getWorldPoint(screenX, screenY);
    camera.scrollX += before.x - after.x;
    camera.scrollY += before.y - after.y;
    this.applyScreenScale();
  }

  pan(dx: number, dy: number): void {
    this.wake();
    const camera = this.cameras.main;
    camera.scrollX += dx / camera.zoom;
    camera.scrollY += dy / camera.zoom;
  }

  /** Centre on a zone at a close zoom (the Senkakus are a few pixels across when fitted). */
  focusZone(zone: string): void {
    const p = this.zonePos.get(zone);
    if (!p) return;
    const camera = this.cameras.main;
    camera.setZoom(Math.max(camera.zoom, 1.6));
    camera.centerOn(p.x, p.y);
    this.applyScreenScale();
  }

  /** The theatre, and the off-map column east of it (whose boxes keep their screen size), fill the view. */
  fitTheatre(): void {
    const camera = this.cameras.main;
    const a = project(THEATRE_BOUNDS.west, THEATRE_BOUNDS.north);
    const b = this.offmap.length > 0 ? { x: OFFMAP_ANCHOR.x, y: project(0, THEATRE_BOUNDS.south).y } : project(THEATRE_BOUNDS.east, THEATRE_BOUNDS.south);
    const marginPx = this.offmap.length > 0 ? (OFFMAP_W / 2) * this.textScale + 10 : 0;
    const zoom = Math.min((this.scale.width - marginPx) / (b.x - a.x), this.scale.height / (b.y - a.y));
    camera.setZoom(zoom);
    camera.centerOn((a.x + b.x + marginPx / zoom) / 2, (a.y + b.y) / 2);
    this.applyScreenScale();
  }

  private zoneAt(x: number, y: number): ZoneData | undefined {
    let best: ZoneData | undefined;
    let bestDistance = Infinity;
    for (const zone of this.zones) {
      const p = this.zonePos.get(zone.id);
      if (!p) continue;
      const d = Math.hypot(p.x - x, p.y - y);
      const reach = zone.kind === 'offmap' ? (OFFMAP_H / 2) * this.screenScale : zone.radiusKm ? kmToPx(zone.radiusKm) : 40;
      if (d < reach && d < bestDistance) {
        best = zone;
        bestDistance = d;
      }
    }
    return best;
  }

  private stackAt(x: number, y: number): Stack | undefined {
    const r = 14 * this.screenScale;
    return this.stacks.find((s) => Math.abs(s.x - x) < r && Math.abs(s.y - y) < r);
  }

  private describeZone(zone: ZoneData): string {
    const view = this.lastView;
    const here = view?.units.filter((u) => u.zone === zone.id) ?? [];
    const lines = [`<b>${zone.name}</b> <span class="muted">${zone.kind}${zone.radiusKm ? `, ${zone.radiusKm} km ring` : ''}</span>`];
    lines.push(...here.map((u) => `${u.affiliation === 'friendly' ? '◆' : '◇'} ${u.name} (${u.strength})`));
    if (this.targets.has(zone.id)) lines.push('<i>Click to target this zone</i>');
    return lines.join('<br>');
  }

  private describeStack(stack: Stack): string {
    const zone = this.zones.find((z) => z.id === stack.zone);
    const lines = [`<b>${zone?.name ?? stack.zone}</b>`];
    for (const u of stack.units) {
      const seen = u.exact ? '' : ` <span class="muted">(contact, seen +${u.seenHour?.toFixed(0)} h, known +${u.knownHour?.toFixed(1)} h)</span>`;
      const moving = u.movingTo ? ` <span class="muted">→ ${u.movingTo}</span>` : '';
      lines.push(`${u.name} — strength ${u.strength}${moving}${seen}`);
    }
    return lines.join('<br>');
  }

  private texture(unit: UnitView): string {
    const base = this.sidcByType.get(unit.type) ?? 'SUGP-----------';
    const sidc = base[0] + AFFILIATION_LETTER[unit.affiliation] + base.slice(2);
    const key = `sym-${sidc}`;
    if (!this.textures.exists(key)) {
      const canvas = new ms.Symbol(sidc, { size: 20, outlineWidth: 3, outlineColor: '#0b2a40' }).asCanvas(2);
      this.textures.addCanvas(key, canvas);
    }
    return key;
  }

  /**
   * Draw the units a role can see: one counter per zone and side, with a count. The
   * objects are made here, once per view; `layout` places them for the current zoom.
   */
  render(view: RoleView): void {
    this.lastView = view;
    if (!this.unitLayer) return;
    this.unitLayer.removeAll(true);
    const groups = new Map<string, UnitView[]>();
    for (const unit of view.units) {
      const key = `${unit.zone}|${unit.affiliation}`;
      groups.set(key, [...(groups.get(key) ?? []), unit]);
    }
    this.leaders = this.add.graphics();
    this.unitLayer.add(this.leaders);
    this.stacks = [];
    for (const key of [...groups.keys()].sort()) {
      const units = groups.get(key) ?? [];
      const [zone, affiliation] = key.split('|');
      if (!this.zonePos.has(zone)) continue;
      const image = this.add.image(0, 0, this.texture(units[0]));
      if (units.some((u) => !u.exact && u.knownHour !== undefined && view.hour - u.knownHour > 6)) image.setAlpha(0.6);
      this.unitLayer.add(image);
      const badge = units.length > 1 ? this.add.text(0, 0, String(units.length), { fontSize: '11px', color: '#ffffff', backgroundColor: '#1f6f8f', padding: { x: 3, y: 0 } }) : undefined;
      if (badge) this.unitLayer.add(badge);
      this.stacks.push({ zone, units, x: 0, y: 0, side: affiliation === 'friendly' ? -1 : 1, image, badge });
    }
    this.layout();
  }

  /**
   * Forget the view: no counters, targets or selection, and tooltips name zones only. The
   * hot-seat privacy screen calls this so nothing of a team's view is drawn while it is up.
   */
  clear(): void {
    this.lastView = undefined;
    this.stacks = [];
    this.targets.clear();
    this.selectedZone = null;
    this.unitLayer?.removeAll(true);
    this.leaders = undefined;
    this.highlight?.clear();
    this.selection?.clear();
    if (this.sys.isActive()) this.wake();
  }

  /**
   * On-screen pixels of the tallest zone label shown and of a unit counter, and the labels
   * shown but cut by the edge of the view (for tests: is the map readable at this size?).
   */
  screenSizes(): { label: number; counter: number | null; cut: string[] } {
    const camera = this.cameras.main;
    const zoom = camera.zoom;
    const shown = this.labels.filter((l) => l.text.visible);
    const label = Math.max(0, ...shown.map((l) => l.text.displayHeight * zoom));
    const image = this.stacks[0]?.image;
    const cut = shown.filter((l) => {
      const b = l.text.getBounds();
      // World to screen: the camera zooms about the centre of its view.
      const x0 = (b.x - camera.scrollX - camera.width / 2) * zoom + camera.width / 2;
      const x1 = (b.right - camera.scrollX - camera.width / 2) * zoom + camera.width / 2;
      const y0 = (b.y - camera.scrollY - camera.height / 2) * zoom + camera.height / 2;
      const y1 = (b.bottom - camera.scrollY - camera.height / 2) * zoom + camera.height / 2;
      return x0 < -1 || y0 < -1 || x1 > camera.width + 1 || y1 > camera.height + 1;
    });
    return { label, counter: image ? image.displayHeight * zoom : null, cut: cut.map((l) => l.text.text) };
  }

  /** Ids of the units drawn now (for tests: the map shows exactly the view it was given). */
  unitIds(): string[] {
    return this.stacks.flatMap((s) => s.units.map((u) => u.id)).sort();
  }

  /**
   * Place counters and labels for the current zoom. Counters that would cover each other
   * (zones sharing a centre, e.g. a territorial sea and its contiguous zone) are nudged
   * apart on screen with a leader line to their zone; then labels are decluttered.
   */
  private layout(): void {
    this.wake();
    const k = this.screenScale;
    const size = 24 * k;
    this.layoutOffmap();
    // The Senkaku label, then counters (they are the game), then islands, then the other labels.
    const placed: Box[] = this.placeLabels(
      this.labels.filter((l) => l.priority === 4),
      [],
    );
    const boxAt = (cx: number, cy: number): Box => ({ x0: cx - size / 2, y0: cy - size / 2, x1: cx + size / 2, y1: cy + size / 2 });
    this.leaders?.clear().lineStyle(1.5 * k, 0xcfe3f2, 0.7);
    for (const stack of this.stacks) {
      const p = this.counterPos.get(stack.zone);
      if (!p) continue;
      const wantX = p.x + stack.side * 15 * k;
      const wantY = p.y - 14 * k;
      let x = wantX;
      let y = wantY;
      // The wanted spot first, then rings of candidates around it, nearest first.
      search: for (let ring = 0; ring <= 4; ring++) {
        const steps = ring === 0 ? 1 : 8 * ring;
        for (let i = 0; i < steps; i++) {
          const angle = (i / steps) * Math.PI * 2 - Math.PI / 2;
          const cx = wantX + Math.cos(angle) * ring * size * 1.05;
          const cy = wantY + Math.sin(angle) * ring * size * 1.05;
          if (!placed.some((b) => overlaps(b, boxAt(cx, cy)))) {
            x = cx;
            y = cy;
            break search;
          }
        }
      }
      placed.push(boxAt(x, y));
      if (Math.hypot(x - wantX, y - wantY) > 1) this.leaders?.lineBetween(p.x, p.y, x, y);
      stack.x = x;
      stack.y = y;
      stack.image.setPosition(x, y).setScale(0.5 * k);
      stack.badge?.setPosition(x + 9 * k, y - 16 * k).setScale(k);
    }
    placed.push(...this.placeLabels(this.labels.filter((l) => l.priority === 3), placed));
    this.placeLabels(this.labels.filter((l) => l.priority < 3), placed);
    this.drawSelection();
    this.drawTargets();
  }

  /** The off-map boxes at screen size, stacked down from their anchor; their counters sit inside. */
  private layoutOffmap(): void {
    const k = this.screenScale;
    const g = this.offmapBoxes;
    if (this.offmap.length > 0) {
      this.offmapCaption ??= this.add.text(0, 0, 'OFF MAP', { fontSize: '10px', color: '#7f9bb0', resolution: 2 }).setOrigin(0.5, 1).setDepth(4);
      this.offmapCaption.setScale(k).setPosition(OFFMAP_ANCHOR.x, OFFMAP_ANCHOR.y - (OFFMAP_H / 2 + 3) * k);
    }
    g?.clear().fillStyle(0x16324a, 0.95).lineStyle(1.5 * k, 0x4f7a96, 1);
    this.offmap.forEach((zone, i) => {
      const x = OFFMAP_ANCHOR.x;
      const y = OFFMAP_ANCHOR.y + i * OFFMAP_STEP * k;
      this.zonePos.set(zone.id, { x, y });
      // Counters are drawn 14 px above their anchor: this puts them in the box's lower half.
      this.counterPos.set(zone.id, { x, y: y + 19 * k });
      g?.fillRoundedRect(x - (OFFMAP_W / 2) * k, y - (OFFMAP_H / 2) * k, OFFMAP_W * k, OFFMAP_H * k, 6 * k);
      g?.strokeRoundedRect(x - (OFFMAP_W / 2) * k, y - (OFFMAP_H / 2) * k, OFFMAP_W * k, OFFMAP_H * k, 6 * k);
      this.offmapLabels[i]?.setScale(k).setPosition(x, y - (OFFMAP_H / 2 - 3) * k);
    });
  }

  /** A ring that swells and fades at a zone: where the event being replayed happened. */
  ping(zone: string): void {
    const p = this.counterPos.get(zone) ?? this.zonePos.get(zone);
    if (!p || !this.sys.isActive()) return;
    this.wake();
    const k = this.screenScale;
    const ring = this.add.circle(p.x, p.y, 10 * k).setStrokeStyle(3 * k, 0xf2c14e, 1).setDepth(8);
    this.tweens.add({ targets: ring, scale: 2.6, alpha: 0, duration: 650, ease: 'Cubic.easeOut', onComplete: () => ring.destroy() });
  }

  showTargets(zones: readonly string[]): void {
    this.targets = new Set(zones);
    this.drawTargets();
  }

  /** Green rings round the zones the chosen order may target, at screen-constant width. */
  private drawTargets(): void {
    if (!this.highlight) return;
    this.wake();
    this.highlight.clear();
    const k = this.screenScale;
    this.highlight.lineStyle(3 * k, 0x6fcf97, 0.95);
    for (const zone of [...this.targets].sort()) {
      const p = this.zonePos.get(zone);
      const z = this.zones.find((x) => x.id === zone);
      if (!p || !z) continue;
      if (z.kind === 'offmap') this.highlight.strokeRoundedRect(p.x - (OFFMAP_W / 2 + 3) * k, p.y - (OFFMAP_H / 2 + 3) * k, (OFFMAP_W + 6) * k, (OFFMAP_H + 6) * k, 8 * k);
      else this.highlight.strokeCircle(p.x, p.y, z.radiusKm ? kmToPx(z.radiusKm) + 4 * k : 24 * k);
    }
  }

  showSelection(zone: string | null): void {
    this.selectedZone = zone;
    this.drawSelection();
  }

  /** A white frame round the selected zone's counters (or its point), at screen size. */
  private drawSelection(): void {
    if (!this.selection) return;
    this.wake();
    this.selection.clear();
    const zone = this.selectedZone;
    const p = zone ? this.zonePos.get(zone) : undefined;
    if (!zone || !p) return;
    const k = this.screenScale;
    this.selection.lineStyle(2 * k, 0xffffff, 1);
    const stacks = this.stacks.filter((s) => s.zone === zone);
    if (stacks.length === 0) {
      this.selection.strokeCircle(p.x, p.y, 12 * k);
      return;
    }
    const x0 = Math.min(...stacks.map((s) => s.x)) - 16 * k;
    const x1 = Math.max(...stacks.map((s) => s.x)) + 16 * k;
    const y0 = Math.min(...stacks.map((s) => s.y)) - 18 * k;
    const y1 = Math.max(...stacks.map((s) => s.y)) + 16 * k;
    this.selection.strokeRect(x0, y0, x1 - x0, y1 - y0);
  }
}
