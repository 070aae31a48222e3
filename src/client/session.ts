// A game in the browser: the human roles (one for solo play, several for a hot-seat
// seminar), bots for the others, a recorder for the game file, and the autosave. No rules
// here: commands go to the engine, which answers.
import { legalCommands, view, type ArrangementId, type Command, type GameEvent, type GameState, type RoleView, type SharingId } from '../engine/index.ts';
import { GameRecorder, parseGameFile, verifyGame, type GameFile } from '../engine/gamefile.ts';
import type { Scenario } from '../engine/scenario/compile.ts';
import type { Player } from '../engine/bots/types.ts';
import { makeBot, type Temperament } from './bots.ts';
import { inputFor } from '../engine/play.ts';
import { MAX_NOTE_LENGTH } from '../engine/orders.ts';

export interface SessionOptions {
  scenarioId: string;
  /** The first human role (solo play: the player's role; autosaves before hot-seat play have only this). */
  role: string;
  /** Every human role, in the order their teams enter orders; absent means `[role]`. */
  humans?: string[];
  arrangement: ArrangementId;
  sharing: SharingId;
  seed: string;
  temperament: Temperament;
  /** Deliberation timer in minutes per team turn (client presentation only), absent or null when off. */
  timerMinutes?: number | null;
  /** A facilitator runs the White Cell console (W) at this screen. */
  facilitator?: boolean;
}

/** The human roles of a set-up, in turn order; old options (a single `role`) mean solo play. */
export function humanRoles(options: SessionOptions): string[] {
  return options.humans && options.humans.length > 0 ? options.humans : [options.role];
}

/** What ending a team's turn did: waiting for another human team, or the turn resolved. */
export interface TurnEnd {
  resolved: boolean;
  events: GameEvent[];
  reasons: { role: string; reason: string }[];
}

export interface Autosave {
  version: 1;
  options: SessionOptions;
  file: GameFile;
  hash: string;
}

export const AUTOSAVE_KEY = 'kuroshio.autosave.v1';

function randomSalt(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export class Session {
  private recorder: GameRecorder;
  private bots: Map<string, Player>;
  /** The human roles in turn order. */
  readonly humans: string[];

  private constructor(
    readonly scenario: Scenario,
    readonly options: SessionOptions,
    recorder: GameRecorder,
  ) {
    this.recorder = recorder;
    this.humans = humanRoles(options).filter((r) => scenario.roles.has(r));
    if (this.humans.length === 0) throw new Error(`no human role among ${humanRoles(options).join(', ')} (expected one of: ${scenario.roleIds.join(', ')})`);
    this.bots = new Map(scenario.roleIds.filter((r) => !this.humans.includes(r)).map((r) => [r, makeBot(scenario, r, options.temperament, options.seed)]));
  }

  static start(scenario: Scenario, options: SessionOptions): Session {
    const recorder = new GameRecorder(scenario, { seed: options.seed, arrangement: options.arrangement, sharing: options.sharing, salt: randomSalt() });
    return new Session(scenario, options, recorder);
  }

  /** Rebuild a session from a game file by replaying it (every hash is checked on the way). */
  static fromFile(scenario: Scenario, options: SessionOptions, file: GameFile): Session {
    const report = verifyGame(scenario, file);
    if (!report.ok) throw new Error(report.problem ? `step ${report.problem.step}: ${report.problem.message}` : 'the game file does not verify');
    // A branch keeps naming its parent in every file saved from it.
    const recorder = new GameRecorder(scenario, { seed: file.seed, arrangement: file.arrangement, sharing: file.sharing, salt: file.commitment.salt, ...(file.parent ? { parent: file.parent } : {}) });
    for (const entry of file.commands) recorder.apply(entry.command, entry.reason);
    // Bots draw from (seed, role, turn), so a restored game continues exactly as it would have.
    return new Session(scenario, { ...options, seed: file.seed, arrangement: file.arrangement, sharing: file.sharing }, recorder);
  }

  static parseFile(text: string): GameFile {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      throw new Error('not a game file: the file is not valid JSON');
    }
    const parsed = parseGameFile(raw);
    if (!parsed.ok) throw new Error(parsed.error);
    return parsed.value;
  }

  get state(): GameState {
    return this.recorder.state;
  }

  get file(): GameFile {
    return this.recorder.finish();
  }

  get commitment(): string {
    return this.recorder.file.commitment.hash;
  }

  /** Several human teams share the screen, so each enters its orders behind a privacy screen. */
  get hotSeat(): boolean {
    return this.humans.length > 1;
  }

  /** The human team whose turn it is: the first in turn order that has not submitted. */
  get activeRole(): string {
    const submitted = this.state.context.submitted;
    return this.humans.find((r) => !submitted[r]) ?? this.humans[0];
  }

  view(role = this.activeRole): RoleView {
    return view(this.state, role);
  }

  legal(role = this.activeRole): Command[] {
    return legalCommands(this.state, role);
  }

  /** The state hash, as the game file records it (computed once per state, shared with the file). */
  hash(): string {
    return this.file.finalHash;
  }

  /** A command from the human; returns an error message when the engine refuses it. */
  act(command: Command): string | null {
    const result = this.recorder.apply(command);
    return result.ok ? null : `${result.error.code}: ${result.error.message}`;
  }

  /**
   * The active human team is done (with an optional note for the after-action review, which
   * the engine records in its submit command). While other human teams have still to order,
   * that is all; after the last, the bots give their orders (sealed), everyone has submitted
   * and the turn resolves. Returns whether it resolved, its events and the bots' reasons.
   */
  endTurn(note?: string): TurnEnd {
    const before = this.state.context.log.length;
    const reasons: { role: string; reason: string }[] = [];
    const role = this.activeRole;
    if (!this.state.context.submitted[role]) {
      const text = note?.trim().slice(0, MAX_NOTE_LENGTH).trim();
      const own = this.recorder.apply({ type: 'submit', role, ...(text ? { note: text } : {}) });
      if (!own.ok) throw new Error(`${own.error.code}: ${own.error.message}`);
    }
    if (this.humans.some((r) => !this.state.context.submitted[r])) return { resolved: false, events: [], reasons };
    const turn = this.state.context.turn;
    for (const role of this.scenario.roleIds) {
      const bot = this.bots.get(role);
      if (!bot) continue;
      // Each bot orders for this turn only; the last submit resolves it.
      for (let i = 0; i < 100 && !this.state.context.submitted[role] && !this.state.context.outcome && this.state.context.turn === turn; i++) {
        const decision = bot.next(inputFor(this.state, role));
        const result = this.recorder.apply(decision.command, decision.reason);
        if (!result.ok) {
          // A bot must never stall the game: a refused choice ends its turn.
          this.recorder.apply({ type: 'submit', role }, 'Bot choice refused; submitting.');
          break;
        }
        if (decision.command.type === 'order') reasons.push({ role, reason: decision.reason });
      }
    }
    return { resolved: true, events: this.state.context.log.slice(before), reasons };
  }

  autosave(timerMinutes?: number | null): Autosave {
    const options: SessionOptions = { ...this.options, humans: this.humans, ...(timerMinutes !== undefined ? { timerMinutes } : {}) };
    return { version: 1, options, file: this.file, hash: this.hash() };
  }
}
