// Plays whole games with automatic players: the same loop serves the CLI, the
// Monte Carlo runner, benchmarks and tests. Roles decide in a fixed order each turn
// (orders are sealed, so the order of deciding does not leak information).
import type { Scenario } from './scenario/compile.ts';
import type { ArrangementId, SharingId } from './scenario/schema.ts';
import type { Command, GameState, RoleView } from './types.ts';
import type { Player, PlayerInput } from './bots/types.ts';
import { apply, legalCommands, newGame } from './game.ts';
import { GameRecorder, type GameFile } from './gamefile.ts';
import { view } from './view.ts';

export interface PlayOptions {
  seed: string;
  arrangement: ArrangementId;
  sharing: SharingId;
  /** Salt for the seed commitment of a recorded game (random in real use). */
  salt?: string;
}

/** A safety net against a player that never submits: far above any real turn's orders. */
const MAX_DECISIONS_PER_TURN = 200;

/**
 * The player's input; view and legal commands are computed only if the player asks. A class,
 * not an object literal with getters: one is made per decision, and literals with accessors
 * are slow to create.
 */
class LazyInput implements PlayerInput {
  readonly turn: number;
  private seen: RoleView | undefined;
  private commands: Command[] | undefined;
  constructor(
    private readonly state: GameState,
    private readonly role: string,
  ) {
    this.turn = state.context.turn;
  }
  get legal(): Command[] {
    this.commands ??= legalCommands(this.state, this.role);
    return this.commands;
  }
  get view(): RoleView {
    this.seen ??= view(this.state, this.role);
    return this.seen;
  }
}

export function inputFor(state: GameState, role: string): PlayerInput {
  return new LazyInput(state, role);
}

function playTurns(state: GameState, players: ReadonlyMap<string, Player>, step: (command: Command, reason: string) => GameState): GameState {
  const roles = state.scenario.roleIds;
  while (state.context.outcome === null) {
    const turn = state.context.turn;
    for (const role of roles) {
      const player = players.get(role);
      if (!player) throw new Error(`no player for role ${role}`);
      for (let i = 0; ; i++) {
        // Stop when this role is done, or when its submit resolved the turn.
        if (state.context.submitted[role] || state.context.outcome !== null || state.context.turn !== turn) break;
        const decision = i >= MAX_DECISIONS_PER_TURN ? { command: { type: 'submit' as const, role }, reason: 'Decision limit reached.' } : player.next(inputFor(state, role));
        state = step(decision.command, decision.reason);
      }
    }
  }
  return state;
}

/** Batch mode: no game file, nothing hashed until the caller asks. */
export function playGame(scenario: Scenario, options: PlayOptions, players: ReadonlyMap<string, Player>): GameState {
  let state = newGame(scenario, options);
  return playTurns(state, players, (command) => {
    const result = apply(state, command);
    if (!result.ok) throw new Error(`player chose an illegal command for ${command.role}: ${result.error.code}`);
    state = result.state;
    return state;
  });
}

/** Recording mode: returns the final state and its game file. */
export function playRecorded(scenario: Scenario, options: PlayOptions, players: ReadonlyMap<string, Player>): { state: GameState; file: GameFile } {
  const recorder = new GameRecorder(scenario, options);
  const state = playTurns(recorder.state, players, (command, reason) => {
    const result = recorder.apply(command, reason);
    if (!result.ok) throw new Error(`player chose an illegal command for ${command.role}: ${result.error.code}`);
    return recorder.state;
  });
  return { state, file: recorder.finish() };
}
