// Perception: sensors detect opposing units hour by hour; detections reach partner roles
// over the sharing network (hub through the US, or direct) after a drawn delay.
import type { SharingId } from './scenario/schema.ts';
import type { Scenario } from './scenario/compile.ts';
import type { Contact } from './types.ts';
import { sideOf } from './conditions.ts';
import { byIdOrder, type Work } from './work.ts';
import { subMap } from './cache.ts';

const sharePaths = new WeakMap<Scenario, Map<string, string[] | null>>();

/** Fewest-hop relay path between two roles on a sharing network (ties by role id). */
export function sharingPath(scenario: Scenario, mode: SharingId, from: string, to: string): string[] | null {
  const cache = subMap(sharePaths, scenario);
  const key = `${mode}|${from}|${to}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const net = scenario.sharing(mode);
  const parent = new Map<string, string>();
  const seen = new Set([from]);
  const queue = [from];
  for (let i = 0; i < queue.length && !seen.has(to); i++) {
    for (const edge of net.get(queue[i]) ?? []) {
      if (seen.has(edge.to)) continue;
      seen.add(edge.to);
      parent.set(edge.to, queue[i]);
      queue.push(edge.to);
    }
  }
  let path: string[] | null = null;
  if (seen.has(to)) {
    path = [to];
    for (let at = to; at !== from; ) {
      const up = parent.get(at);
      if (up === undefined) break;
      path.push(up);
      at = up;
    }
    path.reverse();
  }
  cache.set(key, path);
  return path;
}

function shareDelay(work: Work, path: readonly string[]): number {
  const net = work.scenario.sharing(work.ctx.sharing);
  let hours = 0;
  for (let i = 0; i + 1 < path.length; i++) {
    const edge = net.get(path[i])?.find((e) => e.to === path[i + 1]);
    if (edge) hours += work.stream.hours(edge.delayHours);
  }
  return hours;
}

function triggerZones(scenario: Scenario): Set<string> {
  const zones = new Set(scenario.data.metrics.triggerZones ?? []);
  if (zones.size === 0) {
    for (const zone of scenario.data.metrics.sceneZones) {
      zones.add(zone);
      for (const near of scenario.zonesWithin(zone, 1)) zones.add(near);
    }
  }
  return zones;
}
const triggerZoneCache = new WeakMap<Scenario, Set<string>>();

function observe(work: Work, role: string, contact: Contact): void {
  const { ctx, scenario } = work;
  const known = (ctx.knowledge[role] ??= {});
  const previous = known[contact.unit];
  known[contact.unit] = contact;
  const changed = !previous || previous.zone !== contact.zone || previous.strength !== contact.strength;
  if (!changed) return;

  const unit = ctx.units[contact.unit];
  const name = scenario.unitName(contact.unit);
  const zoneName = scenario.zones.get(contact.zone)?.name ?? contact.zone;
  work.log({ hour: contact.seenHour, kind: 'detection', text: `Detected ${name} in ${zoneName}.`, roles: [role], data: { unit: contact.unit, zone: contact.zone } });

  const side = sideOf(scenario, role);
  if (side === 'allied' && ctx.metrics.triggerDetectedHour === null && unit?.tags.includes(scenario.data.metrics.triggerTag)) {
    let zones = triggerZoneCache.get(scenario);
    if (!zones) {
      zones = triggerZones(scenario);
      triggerZoneCache.set(scenario, zones);
    }
    if (zones.has(contact.zone)) ctx.metrics.triggerDetectedHour = contact.seenHour;
  }

  for (const partner of scenario.roleIds) {
    if (partner === role || sideOf(scenario, partner) !== side) continue;
    const path = sharingPath(scenario, ctx.sharing, role, partner);
    if (!path) continue;
    ctx.intel.push({ to: partner, contact: { ...contact }, arriveHour: contact.seenHour + shareDelay(work, path) });
  }
}

/** Intelligence from partners arriving before `untilHour`. */
export function deliverIntel(work: Work, untilHour: number): void {
  const { ctx, scenario } = work;
  if (ctx.intel.length === 0) return;
  const due = ctx.intel.filter((i) => i.arriveHour < untilHour);
  if (due.length === 0) return;
  ctx.intel = ctx.intel.filter((i) => i.arriveHour >= untilHour);
  due.sort((a, b) => a.arriveHour - b.arriveHour || byIdOrder(a.to, b.to) || byIdOrder(a.contact.unit, b.contact.unit));
  for (const item of due) {
    const known = (ctx.knowledge[item.to] ??= {});
    const previous = known[item.contact.unit];
    if (previous && previous.seenHour >= item.contact.seenHour) continue;
    known[item.contact.unit] = { ...item.contact, knownHour: item.arriveHour };
    if (!previous || previous.zone !== item.contact.zone) {
      const name = scenario.unitName(item.contact.unit);
      const by = scenario.roles.get(item.contact.by)?.name ?? item.contact.by;
      work.log({
        hour: item.arriveHour,
        kind: 'intel',
        text: `${by} reports ${name} in ${scenario.zones.get(item.contact.zone)?.name ?? item.contact.zone} (seen ${(item.arriveHour - item.contact.seenHour).toFixed(1)} h ago).`,
        roles: [item.to],
        data: { unit: item.contact.unit, zone: item.contact.zone, by: item.contact.by, seenHour: item.contact.seenHour },
      });
    }
  }
}

interface SensorFacts {
  side: string;
  /** Roles of other sides, which may detect this unit. */
  watchers: readonly string[];
  probability: number;
  reach: 0 | 1;
  signature: number;
}
const sensorFacts = new WeakMap<Scenario, Map<string, SensorFacts>>();

/** Per-unit constants for the sweep (side, sensor, signature), computed once per scenario. */
function factsFor(scenario: Scenario): Map<string, SensorFacts> {
  let facts = sensorFacts.get(scenario);
  if (!facts) {
    facts = new Map();
    for (const unit of scenario.units.values()) {
      const type = scenario.unitTypes.get(unit.type);
      const side = sideOf(scenario, unit.role);
      facts.set(unit.id, {
        side,
        watchers: scenario.roleIds.filter((role) => sideOf(scenario, role) !== side),
        probability: type?.sensor.probability ?? 0,
        reach: type?.sensor.reach ?? 0,
        signature: type?.signature ?? 1,
      });
    }
    sensorFacts.set(scenario, facts);
  }
  return facts;
}

/**
 * Every role looks once, at the end of hour `hour` (observations are stamped `hour`).
 * A role whose sensors cover a target's zone detects it with the combined chance of all of
 * them (1 - product of misses). A target the role already tracked in the same zone last
 * hour stays tracked while still covered: holding a track is far easier than acquiring it.
 */
export function detectionSweep(work: Work, hour: number): void {
  const { ctx, scenario } = work;
  const ids = scenario.unitIds;
  const facts = factsFor(scenario);
  const { sensorsByRole, near } = sweepFacts(scenario, facts);
  for (const targetId of ids) {
    const target = ctx.units[targetId];
    const theirs = facts.get(targetId);
    if (!theirs || target.removedHour !== undefined) continue;
    for (const role of theirs.watchers) {
      // The role's sensors covering the target's zone, in unit-id order (so the product of
      // misses is the same number whichever way coverage is found). No allocation per hour.
      let covered = false;
      let miss = 1;
      for (const sensorId of sensorsByRole.get(role) ?? []) {
        const sensor = ctx.units[sensorId];
        if (sensor.removedHour !== undefined) continue;
        const own = facts.get(sensorId) as SensorFacts; // sensorsByRole lists only units with facts
        if (own.reach === 0 ? sensor.zone !== target.zone : !near.get(sensor.zone)?.has(target.zone)) continue;
        covered = true;
        miss *= 1 - own.probability * theirs.signature;
      }
      if (!covered) continue;
      const known = ctx.knowledge[role]?.[targetId];
      const tracked = known !== undefined && known.seenHour === hour - 1 && known.zone === target.zone && known.strength === target.strength;
      if (!tracked && work.stream.next() >= 1 - miss) continue;
      observe(work, role, { unit: targetId, zone: target.zone, seenHour: hour, knownHour: hour, by: role, strength: target.strength, type: target.type });
    }
  }
}

interface SweepFacts {
  /** role -> its units with a sensor, in unit-id order. */
  sensorsByRole: Map<string, string[]>;
  /** zone -> the zone and its neighbours (what a reach-1 sensor there covers). */
  near: Map<string, Set<string>>;
}
const sweepFactCache = new WeakMap<Scenario, SweepFacts>();

function sweepFacts(scenario: Scenario, facts: Map<string, SensorFacts>): SweepFacts {
  let cached = sweepFactCache.get(scenario);
  if (!cached) {
    const sensorsByRole = new Map<string, string[]>();
    for (const id of scenario.unitIds) {
      const own = facts.get(id);
      const role = scenario.units.get(id)?.role;
      if (!own || own.probability <= 0 || role === undefined) continue;
      const list = sensorsByRole.get(role);
      if (list) list.push(id);
      else sensorsByRole.set(role, [id]);
    }
    const near = new Map<string, Set<string>>();
    for (const zone of scenario.zones.keys()) near.set(zone, new Set(scenario.zonesWithin(zone, 1, true)));
    cached = { sensorsByRole, near };
    sweepFactCache.set(scenario, cached);
  }
  return cached;
}
