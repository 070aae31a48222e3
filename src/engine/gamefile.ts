// Game files: the replayable, tamper-evident record of a game. Commands are chained
// (each entry's hash covers the previous hash and the command), and the full state is
// hashed at the end of every turn, so an edit to the seed, a command or a hash is caught
// at its step.
import type { Scenario } from './scenario/compile.ts';
import { ARRANGEMENT_IDS, SHARING_IDS, type ArrangementId, type SharingId } from './ids.ts';
import type { ApplyResult, Command, GameState, Metrics, Result } from './types.ts';
import { apply, ENGINE_VERSION, hash, newGame } from './game.ts';
import { canonicalJson, sha256Hex } from './hash.ts';

export const GAME_FORMAT = 'kuroshio-game';
export const GAME_FORMAT_VERSION = 1;

export interface GameFileEntry {
  command: Command;
  /** sha256(previous chain hash + canonical JSON of the command). */
  chain: string;
  /** Why the player chose it (bots explain themselves; humans may add a note). */
  reason?: string;
}

export interface TurnHash {
  turn: number;
  /** 1-based index of the command that ended the turn. */
  step: number;
  hash: string;
}

export interface GameParent {
  commitment: string;
  chain: string;
  finalHash: string;
  step: number;
}

export interface GameFile {
  format: typeof GAME_FORMAT;
  formatVersion: number;
  engineVersion: string;
  scenario: { id: string; hash: string };
  seed: string;
  /**
   * Verifiable dice: sha256(salt + ":" + seed), shown to players when the game starts; the
   * salt and seed are revealed at the debrief and checked against it.
   */
  commitment: { hash: string; salt: string };
  arrangement: ArrangementId;
  sharing: SharingId;
  commands: GameFileEntry[];
  turnHashes: TurnHash[];
  finalHash: string;
  /**
   * Set when this game was branched from another (the White Cell's rewind, the replay
   * viewer's "branch"): its first `step` commands are the parent's first `step` commands,
   * played from the same seed. `chain` is the parent's chain hash after that step (the
   * genesis hash for step 0), so it must equal this file's own chain there; `commitment` is
   * the parent's seed commitment (the seed and salt carry over) and `finalHash` the parent's
   * final state hash when the branch was taken, which names the parent file.
   */
  parent?: GameParent;
  /** Informational summary (not trusted on replay; recomputed). */
  summary?: { outcome: string | null; turns: number; metrics: Metrics };
}

/** The commitment to a seed published at the start of a game. */
export function commitSeed(seed: string, salt: string): string {
  return sha256Hex(`${salt}:${seed}`);
}

/** The chain's starting point binds the scenario content, seed and set-up. */
export function genesisHash(scenarioHash: string, seed: string, arrangement: string, sharing: string): string {
  return sha256Hex(`${GAME_FORMAT}|${scenarioHash}|${seed}|${arrangement}|${sharing}`);
}

export function chainHash(previous: string, command: Command): string {
  return sha256Hex(previous + canonicalJson(command));
}

/** Records a game as it is played: apply commands through it instead of `apply`. */
export class GameRecorder {
  state: GameState;
  readonly file: GameFile;
  private lastChain: string;
  /** The state `finish` last filled the file in for: the client asks for the file on every redraw. */
  private finishedFor: GameState | null = null;

  /** `salt` should be random (the host's crypto): it keeps the seed secret until the debrief. */
  constructor(scenario: Scenario, options: { seed: string; arrangement: ArrangementId; sharing: SharingId; salt?: string; parent?: GameParent }, initial?: GameState) {
    const salt = options.salt ?? '';
    this.state = initial ?? newGame(scenario, options);
    this.lastChain = genesisHash(scenario.hash, options.seed, options.arrangement, options.sharing);
    this.file = {
      format: GAME_FORMAT,
      formatVersion: GAME_FORMAT_VERSION,
      engineVersion: ENGINE_VERSION,
      scenario: { id: scenario.data.meta.id, hash: scenario.hash },
      seed: options.seed,
      commitment: { hash: commitSeed(options.seed, salt), salt },
      arrangement: options.arrangement,
      sharing: options.sharing,
      commands: [],
      turnHashes: [],
      finalHash: hash(this.state),
    };
    if (options.parent) this.file.parent = { ...options.parent };
  }

  apply(command: Command, reason?: string): ApplyResult {
    const before = this.state;
    const result = apply(before, command);
    if (!result.ok) return result;
    this.lastChain = chainHash(this.lastChain, command);
    const entry: GameFileEntry = { command, chain: this.lastChain };
    if (reason !== undefined) entry.reason = reason;
    this.file.commands.push(entry);
    this.state = result.state;
    if (turnEnded(before, result.state)) {
      this.file.turnHashes.push({ turn: before.context.turn, step: this.file.commands.length, hash: hash(result.state) });
    }
    return result;
  }

  /** The file as it stands, with the final hash and summary filled in. */
  finish(): GameFile {
    if (this.finishedFor === this.state) return this.file;
    this.finishedFor = this.state;
    const ctx = this.state.context;
    const last = this.file.turnHashes[this.file.turnHashes.length - 1];
    this.file.finalHash = last && last.step === this.file.commands.length ? last.hash : hash(this.state);
    this.file.summary = { outcome: ctx.outcome?.id ?? null, turns: ctx.outcome ? ctx.turn : ctx.turn - 1, metrics: ctx.metrics };
    return this.file;
  }
}

/** The chain hash after `step` commands of a file (the genesis hash for step 0). */
export function chainAt(file: GameFile, step: number): string {
  return step === 0 ? genesisHash(file.scenario.hash, file.seed, file.arrangement, file.sharing) : file.commands[step - 1].chain;
}

/**
 * A new game that starts as `file` did and keeps its first `step` commands (with their
 * reasons), naming `file` as its parent. Replays those commands, so the turn hashes are
 * exact; throws if one is refused (the file should have been verified first).
 */
export function branchGame(scenario: Scenario, file: GameFile, step: number): { file: GameFile; state: GameState } {
  if (!Number.isInteger(step) || step < 0 || step > file.commands.length) throw new Error(`cannot branch at step ${step}: the game has steps 0 to ${file.commands.length}`);
  const parent: GameParent = { commitment: file.commitment.hash, chain: chainAt(file, step), finalHash: file.finalHash, step };
  const recorder = new GameRecorder(scenario, { seed: file.seed, arrangement: file.arrangement, sharing: file.sharing, salt: file.commitment.salt, parent });
  for (const entry of file.commands.slice(0, step)) {
    const result = recorder.apply(entry.command, entry.reason);
    if (!result.ok) throw new Error(`cannot branch: step ${recorder.file.commands.length + 1} is refused (${result.error.code}: ${result.error.message})`);
  }
  return { file: recorder.finish(), state: recorder.state };
}

function turnEnded(before: GameState, after: GameState): boolean {
  return after.context.turn !== before.context.turn || (after.context.outcome !== null && before.context.outcome === null);
}

// ---------------------------------------------------------------- reading and verifying

export interface GameFileProblem {
  /** 1-based command index, or 0 for the header. */
  step: number;
  message: string;
}

const HEX64 = /^[0-9a-f]{64}$/;

/** Structural check of a parsed JSON game file. */
export function parseGameFile(raw: unknown): Result<GameFile, string> {
  const bad = (message: string): Result<GameFile, string> => ({ ok: false, error: message });
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return bad('not a game file (expected a JSON object)');
  const f = raw as Record<string, unknown>;
  if (f.format !== GAME_FORMAT) return bad(`not a game file: "format" is ${JSON.stringify(f.format)} (expected "${GAME_FORMAT}")`);
  if (f.formatVersion !== GAME_FORMAT_VERSION) return bad(`unsupported formatVersion ${JSON.stringify(f.formatVersion)} (expected ${GAME_FORMAT_VERSION})`);
  if (typeof f.engineVersion !== 'string') return bad('"engineVersion" must be a string');
  const sc = f.scenario as Record<string, unknown> | undefined;
  if (!sc || typeof sc.id !== 'string' || typeof sc.hash !== 'string') return bad('"scenario" must be { id, hash }');
  if (typeof f.seed !== 'string' || f.seed.length === 0) return bad('"seed" must be a non-empty string');
  const commitment = f.commitment as Record<string, unknown> | undefined;
  if (!commitment || typeof commitment.hash !== 'string' || !HEX64.test(commitment.hash) || typeof commitment.salt !== 'string') {
    return bad('"commitment" must be { hash: "<sha256 of salt:seed>", salt }');
  }
  if (!ARRANGEMENT_IDS.includes(f.arrangement as ArrangementId)) return bad(`"arrangement" must be one of ${ARRANGEMENT_IDS.join(', ')}`);
  if (!SHARING_IDS.includes(f.sharing as SharingId)) return bad(`"sharing" must be one of ${SHARING_IDS.join(', ')}`);
  if (!Array.isArray(f.commands)) return bad('"commands" must be an array');
  for (let i = 0; i < f.commands.length; i++) {
    const e = f.commands[i] as Record<string, unknown> | null;
    if (!e || typeof e !== 'object' || typeof e.command !== 'object' || e.command === null || typeof e.chain !== 'string') {
      return bad(`commands[${i}] must be { command: {...}, chain: "<sha256>" }`);
    }
  }
  if (!Array.isArray(f.turnHashes)) return bad('"turnHashes" must be an array');
  for (let i = 0; i < f.turnHashes.length; i++) {
    const t = f.turnHashes[i] as Record<string, unknown> | null;
    if (!t || typeof t.turn !== 'number' || typeof t.step !== 'number' || typeof t.hash !== 'string') return bad(`turnHashes[${i}] must be { turn, step, hash }`);
  }
  if (typeof f.finalHash !== 'string' || !HEX64.test(f.finalHash)) return bad('"finalHash" must be a 64-digit hex SHA-256');
  if (f.parent !== undefined) {
    const p = f.parent as Record<string, unknown> | null;
    if (!p || typeof p !== 'object' || typeof p.commitment !== 'string' || !HEX64.test(p.commitment) || typeof p.chain !== 'string' || !HEX64.test(p.chain) || typeof p.finalHash !== 'string' || !HEX64.test(p.finalHash) || !Number.isInteger(p.step) || (p.step as number) < 0) {
      return bad('"parent" must be { commitment, chain, finalHash: "<sha256>", step: <integer >= 0> }');
    }
  }
  return { ok: true, value: raw as GameFile };
}

export interface VerifyReport {
  ok: boolean;
  /** The first problem found (replay stops there). */
  problem?: GameFileProblem;
  state: GameState;
  steps: number;
  turnsChecked: number;
}

/** Replays a game file and checks every chained command hash, turn hash and the final hash. */
export function verifyGame(scenario: Scenario, file: GameFile): VerifyReport {
  let state = newGame(scenario, { seed: file.seed, arrangement: file.arrangement, sharing: file.sharing });
  const fail = (step: number, message: string): VerifyReport => ({ ok: false, problem: { step, message }, state, steps: step, turnsChecked });
  let turnsChecked = 0;
  if (file.scenario.id !== scenario.data.meta.id) return fail(0, `game is for scenario "${file.scenario.id}", not "${scenario.data.meta.id}"`);
  if (file.scenario.hash !== scenario.hash) return fail(0, `scenario "${file.scenario.id}" has changed since the game was recorded (content hash ${scenario.hash.slice(0, 12)}…, file expects ${file.scenario.hash.slice(0, 12)}…)`);
  if (commitSeed(file.seed, file.commitment.salt) !== file.commitment.hash) {
    return fail(1, 'the revealed seed and salt do not match the commitment published at the start (the seed was changed)');
  }
  let chain = genesisHash(scenario.hash, file.seed, file.arrangement, file.sharing);
  const parent = file.parent;
  if (parent) {
    if (parent.step > file.commands.length) return fail(0, `the parent reference says the branch was taken at step ${parent.step}, but the file has only ${file.commands.length} commands`);
    if (parent.commitment !== file.commitment.hash) return fail(0, "the branch's seed commitment differs from its parent's (a branch keeps the parent's seed and salt)");
    if (parent.step === 0 && parent.chain !== chain) return fail(0, "the parent's chain hash at step 0 does not match this game's set-up");
  }
  const turnHashes = new Map(file.turnHashes.map((t) => [t.step, t]));
  for (let i = 0; i < file.commands.length; i++) {
    const step = i + 1;
    const entry = file.commands[i];
    chain = chainHash(chain, entry.command);
    if (chain !== entry.chain) return fail(step, `command hash does not match (this command, an earlier one or the seed/set-up was edited)`);
    if (parent && parent.step === step && parent.chain !== chain) return fail(step, `the first ${step} commands are not the parent game's (its chain hash at the branch step differs)`);
    const before = state;
    const result = apply(state, entry.command);
    if (!result.ok) return fail(step, `command rejected on replay: ${result.error.code}: ${result.error.message}`);
    state = result.state;
    const recorded = turnHashes.get(step);
    if (turnEnded(before, state)) {
      const actual = hash(state);
      if (!recorded) return fail(step, `turn ${before.context.turn} ended here but the file has no hash for it`);
      if (recorded.turn !== before.context.turn) return fail(step, `turn hash entry says turn ${recorded.turn}, but turn ${before.context.turn} ended here`);
      if (recorded.hash !== actual) return fail(step, `state hash after turn ${recorded.turn} differs (file ${recorded.hash.slice(0, 12)}…, replay ${actual.slice(0, 12)}…)`);
      turnsChecked += 1;
    } else if (recorded) {
      return fail(step, `the file records the end of turn ${recorded.turn} here, but the turn did not end`);
    }
  }
  const final = hash(state);
  if (final !== file.finalHash) return fail(file.commands.length, `final state hash differs (file ${file.finalHash.slice(0, 12)}…, replay ${final.slice(0, 12)}…)`);
  if (turnsChecked !== file.turnHashes.length) return fail(file.commands.length, `the file lists ${file.turnHashes.length} turn hashes but the replay ended ${turnsChecked} turns`);
  return { ok: true, state, steps: file.commands.length, turnsChecked };
}
