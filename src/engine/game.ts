// The engine's API: newGame, apply, legalCommands, hash (view is in view.ts).
// State in, state out. Commands are events of the statechart, taken as pure transitions
// (no running actor: the machine has no timers, children or side effects); the machine
// snapshot of the most recent state is kept, and any other (older, branched, restored)
// state is resolved from its value and context.
import { createActor, type SnapshotFrom } from 'xstate';
import type { Scenario } from './scenario/compile.ts';
import { ARRANGEMENT_IDS, SHARING_IDS } from './ids.ts';
import type { ApplyResult, Command, GameContext, GameState, NewGameOptions } from './types.ts';
import { machineFor, markSubmitted, sealOrder, withdrawOrder, type GameMachine, type MachineEvent } from './machine.ts';
import { checkCommand, checkShape, legalCommandsFor } from './orders.ts';
import { seedRng } from './rng.ts';
import { canonicalJson, sha256Hex } from './hash.ts';

export const ENGINE_VERSION = '0.1.0';

function initialContext(scenario: Scenario, options: NewGameOptions): GameContext {
  const data = scenario.data;
  const units: GameContext['units'] = {};
  for (const unit of [...data.units].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    units[unit.id] = { id: unit.id, role: unit.role, type: unit.type, zone: unit.zone, strength: unit.strength, node: unit.node, tags: [...unit.tags] };
  }
  const perRole = <T>(make: (role: string) => T): Record<string, T> => Object.fromEntries(scenario.roleIds.map((r) => [r, make(r)]));
  const perTheatre = <T>(make: (theatre: string) => T): Record<string, T> => Object.fromEntries(scenario.theatreIds.map((t) => [t, make(t)]));
  const initialRung = (theatre: string) => {
    const ladder = data.theatres.find((t) => t.id === theatre)?.ladder;
    return ladder ? (scenario.rungIndex.get(theatre)?.get(ladder.initial) ?? 0) : 0;
  };
  return {
    scenarioId: data.meta.id,
    scenarioHash: scenario.hash,
    seed: options.seed,
    arrangement: options.arrangement,
    sharing: options.sharing,
    rng: seedRng(options.seed),
    turn: 1,
    hour: 0,
    units,
    orders: [],
    submitted: perRole(() => false),
    messages: [],
    delivered: [],
    knowledge: perRole(() => ({})),
    intel: [],
    pressure: perTheatre(() => 0),
    // Left undefined so the ladder regions' entry actions publish the initial rungs.
    rungs: {},
    legal: data.legal.initial,
    posture: perRole(() => 'normal' as const),
    cohesion: Object.fromEntries(data.roles.filter((r) => r.cohesion !== undefined).map((r) => [r.id, r.cohesion as number])),
    flags: {},
    firedEvents: [],
    whiteCell: { paused: false, adjustments: {} },
    activation: { dueHour: null, activeHour: null },
    metrics: {
      triggerDetectedHour: null,
      firstAlliedEffectHour: null,
      alliedResponseHours: null,
      legalDeterminations: {},
      peakRung: perTheatre(initialRung),
      delayHours: { transmission: 0, staffing: 0, processing: 0, authority: 0 },
      ordersDelivered: 0,
    },
    outcome: null,
    objectives: {},
    nextId: 0,
    pendingSignals: [],
    log: [],
  };
}

type MachineSnapshot = SnapshotFrom<GameMachine>;
type ActorScope = Parameters<GameMachine['transition']>[2];

const scopes = new WeakMap<GameMachine, ActorScope>();

/**
 * The inert actor scope xstate's pure `transition` builds: actions are resolved (assign,
 * raise, enqueueActions: all this machine has) and nothing is executed. xstate builds it on
 * every call by initialising a throwaway actor, which cost more than the transition itself,
 * so it is built once per machine here.
 */
function scopeFor(machine: GameMachine): ActorScope {
  let scope = scopes.get(machine);
  if (!scope) {
    const self = createActor(machine, { snapshot: machine.resolveState({ value: {}, context: {} as GameContext }), input: undefined });
    scope = { self, id: '', sessionId: '', system: self.system, logger: () => {}, defer: () => {}, emit: () => {}, stopChild: () => {}, actionExecutor: () => {} } as ActorScope;
    scopes.set(machine, scope);
  }
  return scope;
}

// The machine snapshot behind the most recently produced state. Engine-internal and
// invisible: results never depend on whether the cache hits.
let cached: { state: GameState; snapshot: MachineSnapshot } | null = null;

function toState(scenario: Scenario, snapshot: MachineSnapshot): GameState {
  const state = { scenario, value: snapshot.value, context: snapshot.context };
  cached = { state, snapshot };
  return state;
}

function snapshotOf(state: GameState): MachineSnapshot {
  if (cached && cached.state === state) return cached.snapshot;
  return machineFor(state.scenario).resolveState({ value: state.value, context: state.context });
}

export function newGame(scenario: Scenario, options: NewGameOptions): GameState {
  if (typeof options.seed !== 'string' || options.seed.length === 0) throw new Error('a seed is required (a non-empty string)');
  if (!ARRANGEMENT_IDS.includes(options.arrangement)) throw new Error(`unknown arrangement "${options.arrangement}" (expected ${ARRANGEMENT_IDS.join(', ')})`);
  if (!SHARING_IDS.includes(options.sharing)) throw new Error(`unknown sharing mode "${options.sharing}" (expected ${SHARING_IDS.join(', ')})`);
  const machine = machineFor(scenario);
  const snapshot = machine.getInitialSnapshot(scopeFor(machine), initialContext(scenario, options));
  // xstate reports a failing entry action as an error status; surface it here.
  if (snapshot.status === 'error') throw snapshot.error instanceof Error ? snapshot.error : new Error(String(snapshot.error));
  return toState(scenario, snapshot);
}

function toEvent(command: Command): MachineEvent {
  switch (command.type) {
    case 'order':
      return { type: 'ORDER', command };
    case 'cancel':
      return { type: 'CANCEL', command };
    case 'submit':
      return { type: 'SUBMIT', command };
    default:
      return { type: 'WHITECELL', command };
  }
}

/**
 * An order, a cancel, or a submit that leaves another role still to submit: in the `orders`
 * state these are targetless transitions (the statechart's value stays, no entry or exit
 * action runs, nothing is logged), so their result is the context update the statechart's
 * actions make, applied here without the statechart. They are most of a game's commands, and
 * xstate's per-event work (a snapshot per assign, the state value, eventless checks) was most
 * of their cost. The turn's last submit goes to the statechart.
 * Returns null when the command is not of that kind.
 */
function ordersPhaseUpdate(state: GameState, command: Command): Partial<GameContext> | null {
  if ((state.value as { turn?: unknown }).turn !== 'orders') return null;
  const ctx = state.context;
  switch (command.type) {
    case 'order':
      return sealOrder(ctx, command);
    case 'cancel':
      return withdrawOrder(ctx, command);
    case 'submit': {
      const update = markSubmitted(ctx, command);
      const submitted = update.submitted as GameContext['submitted'];
      return state.scenario.roleIds.every((role) => submitted[role]) ? null : update;
    }
    default:
      return null;
  }
}

/** Apply one command. Rejected commands return a stable error code and the same state. */
export function apply(state: GameState, command: Command): ApplyResult {
  // Shape errors are found before the statechart sees the command; the rules themselves
  // are the statechart's guards, so a legal command is checked exactly once.
  const shape = checkShape(state.scenario, command);
  if (shape) return { ok: false, error: shape, state };
  if (command.type === 'order' || command.type === 'cancel' || command.type === 'submit') {
    // The same check as the statechart's `commandIsLegal` guard, before the update is made.
    const update = ordersPhaseUpdate(state, command);
    if (update) {
      const error = checkCommand(state.scenario, state.context, command);
      if (error) return { ok: false, error, state };
      const next: GameState = { scenario: state.scenario, value: state.value, context: { ...state.context, ...update } };
      // The machine snapshot is the same but for the context: keep it, so the turn's last
      // submit need not resolve one from the state value.
      if (cached && cached.state === state) cached = { state: next, snapshot: { ...cached.snapshot, context: next.context } };
      return { ok: true, state: next, events: [] };
    }
  }
  const logLength = state.context.log.length;
  const machine = machineFor(state.scenario);
  const snapshot = machine.transition(snapshotOf(state), toEvent(command), scopeFor(machine));
  if (snapshot.context === state.context) {
    const error = checkCommand(state.scenario, state.context, command) ?? { code: 'BAD_COMMAND' as const, message: 'the command was not accepted' };
    return { ok: false, error, state };
  }
  const next = toState(state.scenario, snapshot);
  return { ok: true, state: next, events: next.context.log.slice(logLength) };
}

export function legalCommands(state: GameState, role: string): Command[] {
  return legalCommandsFor(state.scenario, state.context, role);
}

/**
 * The hashed part of a state: the statechart value and the context minus its growing
 * history (the event log and the latency records of delivered orders). Both are fully
 * determined by the rest of the state's past, so any divergence still shows in the hash,
 * and hashing stays cheap as a game grows.
 */
export function hashedPart(state: GameState): unknown {
  const { log: _log, delivered: _delivered, ...rest } = state.context;
  return { value: state.value, context: rest };
}

/** SHA-256 of the canonical JSON of the state (without its history). */
export function hash(state: GameState): string {
  return sha256Hex(canonicalJson(hashedPart(state)));
}

/** A JSON-safe snapshot of a state (the scenario is referenced by id and hash). */
export function saveState(state: GameState): { value: GameState['value']; context: GameContext } {
  return JSON.parse(JSON.stringify({ value: state.value, context: state.context }));
}

export function loadState(scenario: Scenario, saved: { value: GameState['value']; context: GameContext }): GameState {
  if (saved.context.scenarioHash !== scenario.hash) throw new Error(`saved state is for scenario ${saved.context.scenarioId} with a different content hash`);
  return { scenario, value: saved.value, context: saved.context };
}

export function isOver(state: GameState): boolean {
  return state.context.outcome !== null;
}
