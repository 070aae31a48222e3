// Effects: what orders, events and random-table results do to the world.
import type { Effect } from './scenario/schema.ts';
import type { Signal } from './types.ts';
import { sideOf } from './conditions.ts';
import type { Work } from './work.ts';

/** Who and where an effect applies to. */
export interface EffectScope {
  /** Role that caused it (the ordering role, or undefined for scenario events). */
  role?: string;
  unit?: string;
  zone?: string;
  theatre?: string;
  hour: number;
  /** Short label for the log ("JCG cutter Ishigaki-1: Block the landing"). */
  label: string;
}

export function queueSignal(work: Work, signal: Signal): void {
  work.ctx.pendingSignals.push(signal);
}

function opposingUnits(work: Work, scope: EffectScope, within: 0 | 1 = 0): string[] {
  if (!scope.zone || !scope.role) return [];
  const side = sideOf(work.scenario, scope.role);
  const zones = within === 0 ? [scope.zone] : work.scenario.zonesWithin(scope.zone, 1, true);
  return work.scenario.unitIds.filter((id) => {
    const unit = work.ctx.units[id];
    return zones.includes(unit.zone) && unit.removedHour === undefined && sideOf(work.scenario, unit.role) !== side;
  });
}

function removeUnit(work: Work, id: string, hour: number, why: string): void {
  const unit = work.ctx.units[id];
  if (!unit || unit.removedHour !== undefined) return;
  unit.removedHour = hour;
  unit.movingTo = undefined;
  unit.arriveHour = undefined;
  work.log({ hour, kind: 'move', text: `${work.scenario.unitName(id)} ${why}.`, data: { unit: id } });
}

function changeStrength(work: Work, id: string, delta: number, hour: number): void {
  const unit = work.ctx.units[id];
  if (!unit || unit.removedHour !== undefined) return;
  unit.strength = Math.max(0, unit.strength + delta);
  if (unit.strength === 0) removeUnit(work, id, hour, 'is out of action');
}

export function determineLegal(work: Work, status: string, hour: number, label: string): boolean {
  const { ctx, scenario } = work;
  const legal = scenario.data.legal;
  const allowed = legal.steps.some((step) => step.to === status && step.from.includes(ctx.legal));
  const name = legal.statuses.find((s) => s.id === status)?.name ?? status;
  if (!allowed || ctx.legal === status) {
    work.log({ hour, kind: 'order-failed', text: `${label}: the Cabinet cannot move from ${ctx.legal} to "${name}".`, roles: [legal.role] });
    return false;
  }
  ctx.legal = status;
  queueSignal(work, { type: 'legal', status });
  if (ctx.metrics.legalDeterminations[status] === undefined) ctx.metrics.legalDeterminations[status] = hour;
  work.log({ hour, kind: 'legal', text: `Japan's Cabinet determines: ${name}.`, data: { status } });
  return true;
}

export function applyEffects(work: Work, effects: readonly Effect[], scope: EffectScope): void {
  const { ctx, scenario } = work;
  for (const effect of effects) {
    switch (effect.type) {
      case 'move':
      case 'onScene':
        break; // handled by the order's transit and by the response-time metric
      case 'table': {
        const table = scenario.tables.get(effect.table);
        if (!table) break;
        const opposed = opposingUnits(work, scope, table.opposedWithin).length > 0;
        const roll = work.stream.next();
        let cumulative = 0;
        let chosen = table.outcomes[table.outcomes.length - 1];
        for (const outcome of table.outcomes) {
          cumulative += opposed ? (outcome.pOpposed ?? outcome.p) : outcome.p;
          if (roll < cumulative) {
            chosen = outcome;
            break;
          }
        }
        work.log({
          hour: scope.hour,
          kind: 'table',
          text: `${scope.label}: ${chosen.text}`,
          data: { table: table.id, outcome: chosen.id, opposed, roll: Math.round(roll * 1000) / 1000 },
        });
        applyEffects(work, chosen.effects, scope);
        break;
      }
      case 'legal':
        determineLegal(work, effect.status, scope.hour, scope.label);
        break;
      case 'posture': {
        const role = effect.role ?? scope.role;
        if (!role || ctx.posture[role] === effect.level) break;
        ctx.posture[role] = effect.level;
        const name = scenario.roles.get(role)?.name ?? role;
        work.log({ hour: scope.hour, kind: 'posture', text: `${name} headquarters go to ${effect.level === 'crisis' ? '24/7 crisis posture' : 'normal duty hours'}.`, data: { role, level: effect.level } });
        break;
      }
      case 'flag':
        ctx.flags[effect.flag] = effect.value;
        break;
      case 'addFlag':
        ctx.flags[effect.flag] = (ctx.flags[effect.flag] ?? 0) + effect.delta;
        break;
      case 'pressure':
        ctx.pressure[effect.theatre] = (ctx.pressure[effect.theatre] ?? 0) + effect.delta;
        break;
      case 'cohesion':
        ctx.cohesion[effect.role] = Math.max(0, Math.min(100, (ctx.cohesion[effect.role] ?? 100) + effect.delta));
        break;
      case 'strength':
        if (effect.target === 'self') {
          if (scope.unit) changeStrength(work, scope.unit, effect.delta, scope.hour);
        } else {
          for (const id of opposingUnits(work, scope)) changeStrength(work, id, effect.delta, scope.hour);
        }
        break;
      case 'remove':
        if (effect.target === 'self') {
          if (scope.unit) removeUnit(work, scope.unit, scope.hour, 'leaves the scene');
        } else {
          for (const id of opposingUnits(work, scope)) removeUnit(work, id, scope.hour, 'is removed from the scene');
        }
        break;
      case 'notify':
        work.log({ hour: scope.hour, kind: 'notify', text: effect.text, roles: effect.roles });
        break;
    }
  }
}
