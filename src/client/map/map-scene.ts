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
const OFFMAP_X = project(141.2, 0).x;

export interface MapCallbacks {
  onHover(text: string | null, x: number, y: number): void;
  onSelectZone(zone: string, units: UnitView[]): void;
  onSelectTarget(zone: string): void;
}

interface Stack {
  zone: string;
  units: UnitView[];
  x: number;
  y: number;
}

const AFFILIATION_LETTER: Record<UnitView['affiliation'], string> = { friendly: 'F', hostile: 'H', neutral: 'N', unknown: 'U' };

export class MapScene extends Phaser.Scene {
  private zones: ZoneData[] = [];
  private sidcByType = new Map<string, string>();
  private zonePos = new Map<string, { x: number; y: number }>();
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
  frameTimes: number[] = [];

  constructor(private readonly callbacks: MapCallbacks) {
    super('map');
  }

  configure(zones: ZoneData[], unitTypes: { id: string; sidc: string }[]): void {
    this.zones = zones;
    this.sidcByType = new Map(unitTypes.map((t) => [t.id, t.sidc]));
    let offmapRow = 0;
    for (const zone of zones) {
      if (zone.kind === 'offmap') {
        this.zonePos.set(zone.id, { x: OFFMAP_X + 70, y: project(0, 35).y + offmapRow * 110 });
        offmapRow += 1;
      } else {
        this.zonePos.set(zone.id, project(zone.centre[0], zone.centre[1]));
      }
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
    if (this.lastView) this.render(this.lastView);
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

  private drawLand(): void {
    const g = this.add.graphics().setDepth(2);
    g.fillStyle(0x33453a, 1);
    g.lineStyle(1, 0x6f8c6a, 1);
    const geometry = (coastline as { features: { geometry: { coordinates: number[][][][] } }[] }).features[0].geometry;
    for (const polygon of geometry.coordinates) {
      const points = polygon[0].map(([lon, lat]) => {
        const p = project(lon, lat);
        return new Phaser.Math.Vector2(p.x, p.y);
      });
      g.fillPoints(points, true);
      g.strokePoints(points, true);
    }
  }

  private drawZones(): void {
    const g = this.add.graphics().setDepth(3);
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
        g.fillStyle(0x16324a, 0.95);
        g.lineStyle(1, 0x4f7a96, 1);
        g.fillRoundedRect(p.x - 60, p.y - 42, 120, 84, 6);
        g.strokeRoundedRect(p.x - 60, p.y - 42, 120, 84, 6);
        this.add.text(p.x, p.y - 36, `${zone.name} ⟶`, { fontSize: '13px', color: '#cfe3f2' }).setOrigin(0.5, 0).setDepth(4);
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
      const labelY = zone.radiusKm ? p.y - kmToPx(zone.radiusKm) - 14 : p.y + 8;
      const label = zone.id === 'uotsuri' ? `${zone.name} (Senkaku Is.)` : zone.name;
      this.keepSize(
        this.add
          .text(p.x, labelY, label, { fontSize: zone.kind === 'island' ? '12px' : '11px', color: zone.kind === 'island' ? '#ffe7a3' : '#a9cbe0', fontStyle: zone.kind === 'island' ? 'bold' : 'normal', resolution: 2 })
          .setOrigin(0.5, 0)
          .setDepth(4),
      );
    }
  }

  private setupInput(): void {
    const camera = this.cameras.main;
    this.input.on('pointerdown', () => {
      this.dragging = false;
    });
    this.input.on('pointermove', (pointer: Phaser.Input.Pointer) => {
      if (pointer.isDown) {
        const dx = (pointer.x - pointer.prevPosition.x) / camera.zoom;
        const dy = (pointer.y - pointer.prevPosition.y) / camera.zoom;
        if (Math.abs(dx) + Math.abs(dy) > 0.5) this.dragging = true;
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
    this.screenScale = Math.min(3, 1 / this.cameras.main.zoom);
    for (const object of this.screenSized) object.setScale(this.screenScale);
    if (this.lastView) this.render(this.lastView);
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
    const camera = this.cameras.main;
    camera.scrollX += dx / camera.zoom;
    camera.scrollY += dy / camera.zoom;
  }

  fitTheatre(): void {
    const camera = this.cameras.main;
    const a = project(THEATRE_BOUNDS.west, THEATRE_BOUNDS.north);
    const b = project(THEATRE_BOUNDS.east, THEATRE_BOUNDS.south);
    const zoom = Math.min(this.scale.width / (b.x - a.x), this.scale.height / (b.y - a.y));
    camera.setZoom(zoom);
    camera.centerOn((a.x + b.x) / 2, (a.y + b.y) / 2);
    this.applyScreenScale();
  }

  private zoneAt(x: number, y: number): ZoneData | undefined {
    let best: ZoneData | undefined;
    let bestDistance = Infinity;
    for (const zone of this.zones) {
      const p = this.zonePos.get(zone.id);
      if (!p) continue;
      const d = Math.hypot(p.x - x, p.y - y);
      const reach = zone.kind === 'offmap' ? 60 : zone.radiusKm ? kmToPx(zone.radiusKm) : 40;
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

  /** Draw the units a role can see. */
  render(view: RoleView): void {
    this.lastView = view;
    if (!this.unitLayer) return;
    this.unitLayer.removeAll(true);
    const groups = new Map<string, UnitView[]>();
    for (const unit of view.units) {
      const key = `${unit.zone}|${unit.affiliation}`;
      groups.set(key, [...(groups.get(key) ?? []), unit]);
    }
    this.stacks = [];
    for (const [key, units] of groups) {
      const [zone, affiliation] = key.split('|');
      const p = this.zonePos.get(zone);
      if (!p) continue;
      const k = this.screenScale;
      const offset = (affiliation === 'friendly' ? -16 : 16) * k;
      const x = p.x + offset;
      const y = p.y - 14 * k;
      this.stacks.push({ zone, units, x, y });
      const image = this.add.image(x, y, this.texture(units[0])).setScale(0.5 * k);
      this.unitLayer.add(image);
      if (units.length > 1) {
        const badge = this.add.text(x + 9 * k, y - 16 * k, String(units.length), { fontSize: '11px', color: '#ffffff', backgroundColor: '#1f6f8f', padding: { x: 3, y: 0 } }).setScale(k);
        this.unitLayer.add(badge);
      }
      if (units.some((u) => !u.exact && u.knownHour !== undefined && view.hour - u.knownHour > 6)) image.setAlpha(0.6);
    }
  }

  showTargets(zones: readonly string[]): void {
    this.targets = new Set(zones);
    if (!this.highlight) return;
    this.highlight.clear();
    this.highlight.lineStyle(3, 0x6fcf97, 0.95);
    for (const zone of zones) {
      const p = this.zonePos.get(zone);
      const z = this.zones.find((x) => x.id === zone);
      if (!p || !z) continue;
      this.highlight.strokeCircle(p.x, p.y, z.radiusKm ? kmToPx(z.radiusKm) + 4 : 22);
    }
  }

  showSelection(zone: string | null): void {
    if (!this.selection) return;
    this.selection.clear();
    if (!zone) return;
    const p = this.zonePos.get(zone);
    if (!p) return;
    this.selection.lineStyle(2, 0xffffff, 1);
    this.selection.strokeRect(p.x - 34, p.y - 32, 68, 40);
  }
}
