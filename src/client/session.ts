// A solo game in the browser: the human's role, bots for the others, a recorder for the
// game file, and the autosave. No rules here: commands go to the engine, which answers.
import { hash, legalCommands, view, type ArrangementId, type Command, type GameEvent, type GameState, type RoleView, type SharingId } from '../engine/index.ts';
import { GameRecorder, parseGameFile, verifyGame, type GameFile } from '../engine/gamefile.ts';
import type { Scenario } from '../engine/scenario/compile.ts';
import type { Player } from '../engine/bots/types.ts';
import { makeBot, type Temperament } from './bots.ts';
import { inputFor } from '../engine/play.ts';

export interface SessionOptions {
  scenarioId: string;
  role: string;
  arrangement: ArrangementId;
  sharing: SharingId;
  seed: string;
  temperament: Temperament;
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

  private constructor(
    readonly scenario: Scenario,
    readonly options: SessionOptions,
    recorder: GameRecorder,
  ) {
    this.recorder = recorder;
    this.bots = new Map(scenario.roleIds.filter((r) => r !== options.role).map((r) => [r, makeBot(scenario, r, options.temperament, options.seed)]));
  }

  static start(scenario: Scenario, options: SessionOptions): Session {
    const recorder = new GameRecorder(scenario, { seed: options.seed, arrangement: options.arrangement, sharing: options.sharing, salt: randomSalt() });
    return new Session(scenario, options, recorder);
  }

  /** Rebuild a session from a game file by replaying it (every hash is checked on the way). */
  static fromFile(scenario: Scenario, options: SessionOptions, file: GameFile): Session {
    const report = verifyGame(scenario, file);
    if (!report.ok) throw new Error(report.problem ? `step ${report.problem.step}: ${report.problem.message}` : 'the game file does not verify');
    const recorder = new GameRecorder(scenario, { seed: file.seed, arrangement: file.arrangement, sharing: file.sharing, salt: file.commitment.salt });
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

  view(role = this.options.role): RoleView {
    return view(this.state, role);
  }

  legal(): Command[] {
    return legalCommands(this.state, this.options.role);
  }

  hash(): string {
    return hash(this.state);
  }

  /** A command from the human; returns an error message when the engine refuses it. */
  act(command: Command): string | null {
    const result = this.recorder.apply(command);
    return result.ok ? null : `${result.error.code}: ${result.error.message}`;
  }

  /**
   * The human is done: the bots give their orders (sealed), everyone submits, the turn
   * resolves. Returns the events of the resolution and the bots' reasons.
   */
  endTurn(): { events: GameEvent[]; reasons: { role: string; reason: string }[] } {
    const before = this.state.context.log.length;
    const reasons: { role: string; reason: string }[] = [];
    if (!this.state.context.submitted[this.options.role]) {
      const own = this.recorder.apply({ type: 'submit', role: this.options.role });
      if (!own.ok) throw new Error(own.error.message);
    }
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
    return { events: this.state.context.log.slice(before), reasons };
  }

  autosave(): Autosave {
    return { version: 1, options: this.options, file: this.file, hash: this.hash() };
  }
}
