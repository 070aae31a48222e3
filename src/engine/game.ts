// The engine's API: newGame, apply, legalCommands, hash (view is in view.ts).
// State in, state out. Internally a timer-free xstate actor is kept for the most recent
// state, so a sequence of commands costs one `send` each; applying a command to any other
// (older, branched, restored) state rebuilds an actor from that state first.
import { createActor, type Actor } from 'xstate';
import type { Scenario } from './scenario/compile.ts';
import { ARRANGEMENT_IDS, SHARING_IDS } from './ids.ts';
import type { ApplyResult, Command, GameContext, GameState, NewGameOptions } from './types.ts';
import { machineFor, type GameMachine, type MachineEvent } from './machine.ts';
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

// The actor behind the most recently produced state. Engine-internal and invisible:
// results never depend on whether the cache hits.
let cached: { state: GameState; actor: Actor<GameMachine> } | null = null;

function snapshotState(scenario: Scenario, actor: Actor<GameMachine>): GameState {
  const snap = actor.getSnapshot();
  // xstate would otherwise report a failing action asynchronously; surface it here.
  if (snap.status === 'error') {
    cached = null;
    throw snap.error instanceof Error ? snap.error : new Error(String(snap.error));
  }
  return { scenario, value: snap.value, context: snap.context };
}

function actorFor(state: GameState): Actor<GameMachine> {
  if (cached && cached.state === state) return cached.actor;
  const machine = machineFor(state.scenario);
  const restored = machine.resolveState({ value: state.value, context: state.context });
  const actor = createActor(machine, { snapshot: restored, input: undefined });
  actor.start();
  return actor;
}

export function newGame(scenario: Scenario, options: NewGameOptions): GameState {
  if (typeof options.seed !== 'string' || options.seed.length === 0) throw new Error('a seed is required (a non-empty string)');
  if (!ARRANGEMENT_IDS.includes(options.arrangement)) throw new Error(`unknown arrangement "${options.arrangement}" (expected ${ARRANGEMENT_IDS.join(', ')})`);
  if (!SHARING_IDS.includes(options.sharing)) throw new Error(`unknown sharing mode "${options.sharing}" (expected ${SHARING_IDS.join(', ')})`);
  const actor = createActor(machineFor(scenario), { input: initialContext(scenario, options) });
  actor.start();
  const state = snapshotState(scenario, actor);
  cached = { state, actor };
  return state;
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

/** Apply one command. Rejected commands return a stable error code and the same state. */
export function apply(state: GameState, command: Command): ApplyResult {
  // Shape errors are found before the statechart sees the command; the rules themselves
  // are the statechart's guards, so a legal command is checked exactly once.
  const shape = checkShape(state.scenario, command);
  if (shape) return { ok: false, error: shape, state };
  const actor = actorFor(state);
  const logLength = state.context.log.length;
  actor.send(toEvent(command));
  const snap = actor.getSnapshot();
  if (snap.context === state.context) {
    cached = { state, actor };
    const error = checkCommand(state.scenario, state.context, command) ?? { code: 'BAD_COMMAND' as const, message: 'the command was not accepted' };
    return { ok: false, error, state };
  }
  const next = snapshotState(state.scenario, actor);
  cached = { state: next, actor };
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
