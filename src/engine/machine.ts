// The game as one statechart with parallel regions:
//   turn     orders -> adjudication -> assessment -> aftermath -> orders ... -> ended
//   ladders  one region per theatre, a state per escalation rung
//   legal    Japan's legal status, a state per situation, moves only along allowed steps
// Regions are generated from the scenario; guards and actions are named here and call the
// pure rule modules. Time and randomness live in the context, so no `after` delays exist.
import { assign, enqueueActions, setup, type StateNodeConfig } from 'xstate';
import type { Scenario } from './scenario/compile.ts';
import type { CancelCommand, GameContext, OrderCommand, SubmitCommand, WhiteCellCommand } from './types.ts';
import { applyWhiteCell } from './whitecell.ts';
import { checkCommand } from './orders.ts';
import { cloneForAssessment, withWork, nextId } from './work.ts';
import { aftermath, aftermathHasWork, assess, resolveTurn } from './resolve.ts';

export type MachineEvent =
  | { type: 'ORDER'; command: OrderCommand }
  | { type: 'CANCEL'; command: CancelCommand }
  | { type: 'SUBMIT'; command: SubmitCommand }
  | { type: 'WHITECELL'; command: WhiteCellCommand }
  | { type: 'LADDER'; theatre: string; direction: 'up' | 'down' }
  | { type: 'LEGAL'; status: string }
  | { type: 'ASSESSED' };

/**
 * The orders phase's context changes: targetless transitions of the `orders` state, shared by
 * the statechart's actions and by `apply`, which makes them without the actor (see game.ts).
 */
export function sealOrder(context: GameContext, command: OrderCommand): Partial<GameContext> {
  const counter = { nextId: context.nextId };
  const id = nextId(counter as GameContext, 'o');
  const { role, action, unit, zone } = command;
  const order = { id, role, action, ...(unit !== undefined ? { unit } : {}), ...(zone !== undefined ? { zone } : {}) };
  return { nextId: counter.nextId, orders: [...context.orders, order] };
}

export function withdrawOrder(context: GameContext, command: CancelCommand): Partial<GameContext> {
  return { orders: context.orders.filter((o) => o.id !== command.order) };
}

export function markSubmitted(context: GameContext, command: SubmitCommand): Partial<GameContext> {
  return { submitted: { ...context.submitted, [command.role]: true } };
}

/** Placeholder context for xstate's own calls without input (never used for play). */
const EMPTY_CONTEXT = {} as GameContext;

function machineSetup(scenario: Scenario) {
  const run = (ctx: GameContext, step: Parameters<typeof withWork>[2]) => withWork(scenario, ctx, step);
  const runAssessment = (ctx: GameContext) => withWork(scenario, ctx, assess, cloneForAssessment);
  return setup({
    types: {
      context: {} as GameContext,
      events: {} as MachineEvent,
      input: {} as GameContext | undefined,
    },
    guards: {
      commandIsLegal: ({ context, event }) =>
        (event.type === 'ORDER' || event.type === 'CANCEL' || event.type === 'SUBMIT' || event.type === 'WHITECELL') && checkCommand(scenario, context, event.command) === null,
      allSubmitted: ({ context }) => scenario.roleIds.every((role) => context.submitted[role]),
      gameOver: ({ context }) => context.outcome !== null,
      ladderMoves: ({ event }, params: { theatre: string; direction: 'up' | 'down' }) =>
        event.type === 'LADDER' && event.theatre === params.theatre && event.direction === params.direction,
      legalBecomes: ({ event }, params: { status: string }) => event.type === 'LEGAL' && event.status === params.status,
    },
    actions: {
      sealOrder: assign(({ context, event }) => (event.type === 'ORDER' ? sealOrder(context, event.command) : {})),
      withdrawOrder: assign(({ context, event }) => (event.type === 'CANCEL' ? withdrawOrder(context, event.command) : {})),
      markSubmitted: assign(({ context, event }) => (event.type === 'SUBMIT' ? markSubmitted(context, event.command) : {})),
      adjudicate: assign(({ context }) => run(context, resolveTurn)),
      whiteCell: assign(({ context, event }) => (event.type === 'WHITECELL' ? run(context, (work) => applyWhiteCell(work, event.command)) : {})),
      /** Ladder and legal moves ordered outside the assessment (White Cell overrides). */
      raisePendingSignals: enqueueActions(({ context, enqueue }) => {
        if (context.pendingSignals.length === 0) return;
        for (const signal of context.pendingSignals) {
          if (signal.type === 'ladder') enqueue.raise({ type: 'LADDER', theatre: signal.theatre, direction: signal.direction });
          else enqueue.raise({ type: 'LEGAL', status: signal.status });
        }
        enqueue.assign({ pendingSignals: [] });
      }),
      /**
       * The end-of-turn assessment; then the ladder and legal moves it found, and those found
       * in resolution, are handed to their regions, and the assessment is finished. One
       * context update (xstate snapshots the machine on each).
       */
      assess: enqueueActions(({ context, enqueue }) => {
        const assessed = runAssessment(context);
        for (const signal of assessed.pendingSignals) {
          if (signal.type === 'ladder') enqueue.raise({ type: 'LADDER', theatre: signal.theatre, direction: signal.direction });
          else enqueue.raise({ type: 'LEGAL', status: signal.status });
        }
        enqueue.assign(() => ({ ...assessed, pendingSignals: [] }));
        enqueue.raise({ type: 'ASSESSED' });
      }),
      // Most turns fire no event and end nothing: no context update (nor its copy) then.
      aftermath: enqueueActions(({ context, enqueue }) => {
        if (aftermathHasWork(scenario, context)) enqueue.assign(() => run(context, aftermath));
      }),
      startNextTurn: assign(({ context }) => ({ turn: context.turn + 1, hour: context.hour + scenario.data.clock.hoursPerTurn })),
      /** A ladder region publishes its rung into the context, for rules and views. */
      enterRung: assign(({ context }, params: { theatre: string; index: number; name: string }) => {
        if (context.rungs === undefined) return {};
        const previous = context.rungs[params.theatre];
        if (previous === params.index) return {};
        const peak = Math.max(context.metrics.peakRung[params.theatre] ?? 0, params.index);
        const theatreName = scenario.data.theatres.find((t) => t.id === params.theatre)?.name ?? params.theatre;
        const hour = context.hour + scenario.data.clock.hoursPerTurn;
        return {
          rungs: { ...context.rungs, [params.theatre]: params.index },
          metrics: { ...context.metrics, peakRung: { ...context.metrics.peakRung, [params.theatre]: peak } },
          log:
            previous === undefined
              ? context.log
              : [
                  ...context.log,
                  {
                    hour,
                    turn: context.turn,
                    kind: 'ladder' as const,
                    text: `${theatreName} escalation ${params.index > previous ? 'rises' : 'eases'} to "${params.name}".`,
                    data: { theatre: params.theatre, rung: params.index },
                  },
                ],
        };
      }),
      enterLegal: assign(({ context }, params: { status: string }) => (context.legal === params.status || context.rungs === undefined ? {} : { legal: params.status })),
    },
  });
}

function ladderRegion(scenario: Scenario, theatreId: string): StateNodeConfig<GameContext, MachineEvent, never, never, never, never, never, never, never, never> {
  const theatre = scenario.data.theatres.find((t) => t.id === theatreId);
  if (!theatre) throw new Error(`unknown theatre ${theatreId}`);
  const rungs = theatre.ladder.rungs;
  const states: Record<string, object> = {};
  rungs.forEach((rung, index) => {
    const on: { guard: { type: 'ladderMoves'; params: { theatre: string; direction: 'up' | 'down' } }; target: string }[] = [];
    if (index < rungs.length - 1) on.push({ guard: { type: 'ladderMoves', params: { theatre: theatreId, direction: 'up' } }, target: rungs[index + 1].id });
    // The top rung is terminal: once regional war starts, the model has no way back.
    if (index > 0 && index < rungs.length - 1) on.push({ guard: { type: 'ladderMoves', params: { theatre: theatreId, direction: 'down' } }, target: rungs[index - 1].id });
    states[rung.id] = {
      entry: { type: 'enterRung', params: { theatre: theatreId, index, name: rung.name } },
      on: { LADDER: on },
      ...(index === rungs.length - 1 ? { tags: ['terminal'] } : {}),
    };
  });
  return { initial: theatre.ladder.initial, states } as never;
}

function legalRegion(scenario: Scenario): object {
  const legal = scenario.data.legal;
  const states: Record<string, object> = {};
  for (const status of legal.statuses) {
    const on = legal.steps
      .filter((step) => step.from.includes(status.id))
      .map((step) => ({ guard: { type: 'legalBecomes', params: { status: step.to } }, target: step.to }));
    states[status.id] = { entry: { type: 'enterLegal', params: { status: status.id } }, on: { LEGAL: on } };
  }
  return { initial: legal.initial, states };
}

export function buildMachine(scenario: Scenario) {
  const ladders: Record<string, object> = {};
  for (const theatre of scenario.data.theatres) ladders[theatre.id] = ladderRegion(scenario, theatre.id);
  return machineSetup(scenario).createMachine({
    id: 'kuroshio',
    type: 'parallel',
    context: ({ input }) => input ?? EMPTY_CONTEXT,
    // The White Cell may act in any phase; its acts are commands like any other.
    on: { WHITECELL: { guard: 'commandIsLegal', actions: ['whiteCell', 'raisePendingSignals'] } },
    states: {
      turn: {
        initial: 'orders',
        states: {
          orders: {
            on: {
              ORDER: { guard: 'commandIsLegal', actions: 'sealOrder' },
              CANCEL: { guard: 'commandIsLegal', actions: 'withdrawOrder' },
              SUBMIT: { guard: 'commandIsLegal', actions: 'markSubmitted' },
            },
            always: { guard: 'allSubmitted', target: 'adjudication' },
          },
          adjudication: { entry: 'adjudicate', always: 'assessment' },
          assessment: { entry: 'assess', on: { ASSESSED: 'aftermath' } },
          aftermath: {
            entry: 'aftermath',
            always: [{ guard: 'gameOver', target: 'ended' }, { target: 'orders', actions: 'startNextTurn' }],
          },
          ended: { type: 'final' },
        },
      },
      ladders: { type: 'parallel', states: ladders as never },
      legal: legalRegion(scenario) as never,
    },
  });
}

export type GameMachine = ReturnType<typeof buildMachine>;

const machines = new WeakMap<Scenario, GameMachine>();

/** One machine per scenario, built on first use. */
export function machineFor(scenario: Scenario): GameMachine {
  let machine = machines.get(scenario);
  if (!machine) {
    machine = buildMachine(scenario);
    machines.set(scenario, machine);
  }
  return machine;
}
