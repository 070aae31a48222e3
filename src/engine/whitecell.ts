// The White Cell (facilitator) acts through commands like every player, so each inject,
// override and adjustment is in the game file, replays deterministically and is audited.
import type { Scenario } from './scenario/compile.ts';
import type { Effect } from './scenario/schema.ts';
import type { GameContext, RuleError, RuleErrorCode, WhiteCellCommand } from './types.ts';
import { WHITE_CELL } from './types.ts';
import { applyEffects, determineLegal, queueSignal } from './effects.ts';
import { fireEvent } from './resolve.ts';
import type { Work } from './work.ts';

const fail = (code: RuleErrorCode, message: string): RuleError => ({ code, message });

function effectsRefsOk(scenario: Scenario, effects: readonly Effect[] | undefined): RuleError | null {
  for (const effect of effects ?? []) {
    if (effect === null || typeof effect !== 'object' || typeof (effect as { type?: unknown }).type !== 'string') return fail('BAD_OVERRIDE', 'each effect is an object with a "type"');
    switch (effect.type) {
      case 'table':
        if (!scenario.tables.has(effect.table)) return fail('BAD_OVERRIDE', `no table "${effect.table}"`);
        break;
      case 'pressure':
        if (!scenario.rungIndex.has(effect.theatre)) return fail('BAD_OVERRIDE', `no theatre "${effect.theatre}"`);
        break;
      case 'cohesion':
      case 'posture':
        if (effect.role !== undefined && !scenario.roles.has(effect.role)) return fail('BAD_OVERRIDE', `no role "${effect.role}"`);
        break;
      case 'move':
      case 'onScene':
      case 'strength':
      case 'remove':
        return fail('BAD_OVERRIDE', `a "${effect.type}" effect needs an ordered unit; White Cell effects cannot use it`);
      default:
        break;
    }
  }
  return null;
}

export function checkWhiteCell(scenario: Scenario, ctx: GameContext, cmd: WhiteCellCommand): RuleError | null {
  if (cmd.role !== WHITE_CELL) return fail('NOT_WHITE_CELL', `only the White Cell ("${WHITE_CELL}") may ${cmd.type}`);
  if (ctx.outcome !== null) return fail('GAME_OVER', 'the game is over');
  switch (cmd.type) {
    case 'pause':
      return ctx.whiteCell.paused ? fail('BAD_COMMAND', 'the game is already paused') : null;
    case 'resume':
      return ctx.whiteCell.paused ? null : fail('BAD_COMMAND', 'the game is not paused');
    case 'inject':
      if (cmd.event !== undefined) {
        if (!scenario.data.injects.some((e) => e.id === cmd.event) && !scenario.data.events.some((e) => e.id === cmd.event)) {
          return fail('UNKNOWN_EVENT', `no inject or event "${cmd.event}" (injects: ${scenario.data.injects.map((e) => e.id).join(', ') || 'none'})`);
        }
        return null;
      }
      if (typeof cmd.text !== 'string' || cmd.text.trim() === '') return fail('BAD_COMMAND', 'a free-form inject needs "text" (and optional "effects")');
      return effectsRefsOk(scenario, cmd.effects);
    case 'override': {
      if (typeof cmd.reason !== 'string' || cmd.reason.trim().length < 3) return fail('REASON_REQUIRED', 'an override needs a "reason" (shown to every team and in the after-action review)');
      if (cmd.rung === undefined && cmd.legal === undefined && (cmd.effects ?? []).length === 0) return fail('BAD_OVERRIDE', 'an override changes something: "rung", "legal" or "effects"');
      if (cmd.rung !== undefined) {
        const ladder = scenario.rungIndex.get(cmd.rung.theatre);
        const index = ladder?.get(cmd.rung.rung);
        if (ladder === undefined || index === undefined) return fail('BAD_OVERRIDE', `no rung "${cmd.rung.rung}" on theatre "${cmd.rung.theatre}"`);
        if ((ctx.rungs[cmd.rung.theatre] ?? 0) === ladder.size - 1 && index < ladder.size - 1) return fail('BAD_OVERRIDE', 'the top rung is terminal: the ladder cannot be moved down from it');
      }
      if (cmd.legal !== undefined) {
        const allowed = scenario.data.legal.steps.some((s) => s.to === cmd.legal && s.from.includes(ctx.legal));
        if (!allowed) return fail('BAD_OVERRIDE', `Japan's legal status cannot move from ${ctx.legal} to "${cmd.legal}"`);
      }
      return effectsRefsOk(scenario, cmd.effects);
    }
    case 'adjust': {
      if (typeof cmd.reason !== 'string' || cmd.reason.trim().length < 3) return fail('REASON_REQUIRED', 'an adjustment needs a "reason"');
      if (!scenario.nodes.has(cmd.node)) return fail('UNKNOWN_NODE', `no command node "${cmd.node}"`);
      const dist = cmd.processingHours as unknown as Record<string, unknown> | null;
      const values = dist && typeof dist === 'object' ? (dist.fixed !== undefined ? [dist.fixed] : (dist.uniform ?? dist.triangular)) : undefined;
      if (!Array.isArray(values) && typeof values !== 'number') return fail('BAD_COMMAND', 'processingHours is { fixed: h } or { uniform: [min, max] } or { triangular: [min, mode, max] }');
      const list = (Array.isArray(values) ? values : [values]) as unknown[];
      if (list.some((v) => typeof v !== 'number' || !Number.isFinite(v) || v < 0)) return fail('BAD_COMMAND', 'processing hours must be numbers >= 0');
      for (let i = 1; i < list.length; i++) if ((list[i] as number) < (list[i - 1] as number)) return fail('BAD_COMMAND', 'processing hours must be in increasing order (min, [mode,] max)');
      return null;
    }
  }
}

/** The White Cell acts at the current hour (the start of the turn being played). */
export function applyWhiteCell(work: Work, cmd: WhiteCellCommand): void {
  const { ctx, scenario } = work;
  const hour = ctx.hour;
  switch (cmd.type) {
    case 'pause':
    case 'resume':
      ctx.whiteCell = { ...ctx.whiteCell, paused: cmd.type === 'pause' };
      work.log({ hour, kind: 'whitecell', text: cmd.type === 'pause' ? 'The White Cell pauses the exercise.' : 'The White Cell resumes the exercise.' });
      return;
    case 'inject':
      if (cmd.event !== undefined) {
        fireEvent(work, cmd.event, hour, WHITE_CELL);
      } else {
        work.log({ hour, kind: 'whitecell', text: `White Cell inject: ${cmd.text}`, data: { act: 'inject' } });
        applyEffects(work, cmd.effects ?? [], { hour, label: cmd.text ?? 'White Cell inject' });
      }
      return;
    case 'override': {
      work.log({ hour, kind: 'whitecell', text: `White Cell override: ${cmd.reason}`, data: { act: 'override' } });
      if (cmd.rung) {
        const target = scenario.rungIndex.get(cmd.rung.theatre)?.get(cmd.rung.rung) ?? 0;
        const current = ctx.rungs[cmd.rung.theatre] ?? 0;
        const direction = target > current ? 'up' : 'down';
        for (let i = 0; i < Math.abs(target - current); i++) queueSignal(work, { type: 'ladder', theatre: cmd.rung.theatre, direction });
        ctx.pressure[cmd.rung.theatre] = 0;
      }
      if (cmd.legal) determineLegal(work, cmd.legal, hour, 'White Cell override');
      applyEffects(work, cmd.effects ?? [], { hour, label: `White Cell override (${cmd.reason})` });
      return;
    }
    case 'adjust': {
      const fromHour = hour + scenario.data.clock.hoursPerTurn;
      ctx.whiteCell = {
        ...ctx.whiteCell,
        adjustments: { ...ctx.whiteCell.adjustments, [cmd.node]: { processingHours: cmd.processingHours, fromHour, reason: cmd.reason } },
      };
      const name = scenario.nodes.get(cmd.node)?.name ?? cmd.node;
      work.log({ hour, kind: 'whitecell', text: `White Cell adjustment from the next turn: ${name} processing time changed (${cmd.reason}).`, data: { act: 'adjust', node: cmd.node } });
      return;
    }
  }
}
