// Team notes ride on the submit command: validated by the engine, chained into the game
// file (so an edited note fails verification), and never part of the state or a view.
import { describe, expect, it } from 'vitest';
import { apply, hash, newGame, view, type Command, type GameState } from '../src/engine/index.ts';
import { GameRecorder, parseGameFile, verifyGame } from '../src/engine/gamefile.ts';
import { MAX_NOTE_LENGTH } from '../src/engine/orders.ts';
import { flagship } from './helpers.ts';

const scenario = flagship();
const start = () => newGame(scenario, { seed: 'notes', arrangement: 'legacy', sharing: 'hub' });
const refused = (state: GameState, command: unknown) => {
  const result = apply(state, command as Command);
  return result.ok ? null : { code: result.error.code, message: result.error.message, same: result.state === state && hash(result.state) === hash(state) };
};

describe('team notes on submit', () => {
  it('a submit with a note is accepted and recorded in the game file, which verifies', () => {
    const recorder = new GameRecorder(scenario, { seed: 'notes', arrangement: 'legacy', sharing: 'hub', salt: 'salt' });
    const note = 'Hold the JCG line; no SDF until the Cabinet rules. Watch the militia at Uotsuri.';
    expect(recorder.apply({ type: 'submit', role: 'japan', note }).ok).toBe(true);
    for (const role of ['us', 'prc']) expect(recorder.apply({ type: 'submit', role }).ok).toBe(true);
    const file = JSON.parse(JSON.stringify(recorder.finish()));
    const parsed = parseGameFile(file);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.commands[0].command).toEqual({ type: 'submit', role: 'japan', note });
    expect(verifyGame(scenario, parsed.value).ok).toBe(true);
  });

  it('a note changes no state and no view: hashes equal a game without notes', () => {
    const withNote = apply(start(), { type: 'submit', role: 'japan', note: 'A rationale.' });
    const without = apply(start(), { type: 'submit', role: 'japan' });
    expect(withNote.ok && without.ok).toBe(true);
    if (!withNote.ok || !without.ok) return;
    expect(hash(withNote.state)).toBe(hash(without.state));
    for (const role of scenario.roleIds) expect(JSON.stringify(view(withNote.state, role))).not.toContain('A rationale');
  });

  it('orders stay sealed until the turn resolves: another role\'s view has none of them', () => {
    let state = start();
    for (const command of [
      { type: 'order', role: 'japan', action: 'jcg-shadow', unit: 'jcg-senkaku', zone: 'senkaku-ts' },
      { type: 'submit', role: 'japan', note: 'Sealed rationale.' },
    ] as Command[]) {
      const result = apply(state, command);
      if (!result.ok) throw new Error(result.error.message);
      state = result.state;
    }
    expect(view(state, 'japan').orders.map((o) => o.action)).toEqual(['jcg-shadow']);
    for (const role of ['prc', 'us']) {
      const seen = view(state, role);
      expect(seen.orders).toEqual([]);
      expect(seen.messages).toEqual([]);
      expect(JSON.stringify(seen)).not.toMatch(/jcg-shadow|Sealed rationale/);
    }
  });

  it('an edited note fails verification at its step', () => {
    const recorder = new GameRecorder(scenario, { seed: 'notes', arrangement: 'legacy', sharing: 'hub', salt: 'salt' });
    recorder.apply({ type: 'order', role: 'japan', action: 'jcg-shadow', unit: 'jcg-senkaku', zone: 'senkaku-ts' });
    recorder.apply({ type: 'submit', role: 'japan', note: 'Shadow only.' });
    const file = JSON.parse(JSON.stringify(recorder.finish()));
    file.commands[1].command.note = 'We always meant to open fire.';
    const parsed = parseGameFile(file);
    if (!parsed.ok) throw new Error(parsed.error);
    const report = verifyGame(scenario, parsed.value);
    expect(report.ok).toBe(false);
    expect(report.problem?.step).toBe(2);
  });

  it('too long, untrimmed, empty or non-string notes are refused with BAD_COMMAND and the state unchanged', () => {
    const state = start();
    const long = refused(state, { type: 'submit', role: 'japan', note: 'x'.repeat(MAX_NOTE_LENGTH + 1) });
    expect(long).toMatchObject({ code: 'BAD_COMMAND', same: true });
    expect(long?.message).toMatch(/501 characters; at most 500/);
    expect(refused(state, { type: 'submit', role: 'japan', note: '  padded  ' })).toMatchObject({ code: 'BAD_COMMAND', same: true });
    expect(refused(state, { type: 'submit', role: 'japan', note: '' })).toMatchObject({ code: 'BAD_COMMAND', same: true });
    expect(refused(state, { type: 'submit', role: 'japan', note: 42 })).toMatchObject({ code: 'BAD_COMMAND', same: true });
    // Exactly the limit is fine; the role is still free to submit after a refusal.
    expect(refused(state, { type: 'submit', role: 'japan', note: 'y'.repeat(MAX_NOTE_LENGTH) })).toBeNull();
    expect(state.context.submitted.japan).toBe(false);
  });
});
