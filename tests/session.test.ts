// The browser's game session without a browser: human teams in turn, bots for the rest,
// notes on submits, autosaves old and new.
import { describe, expect, it } from 'vitest';
import { verifyGame } from '../src/engine/gamefile.ts';
import { Session, humanRoles, type SessionOptions } from '../src/client/session.ts';
import { flagship } from './helpers.ts';

const scenario = flagship();
const base = { scenarioId: 'senkaku-gray-zone', arrangement: 'upgraded', sharing: 'hub', seed: 'session', temperament: 'balanced' } as const;

describe('client session', () => {
  it('reads options from before hot-seat play (a single role) as solo play', () => {
    const old: SessionOptions = { ...base, role: 'us' };
    expect(humanRoles(old)).toEqual(['us']);
    const session = Session.start(scenario, old);
    expect(session.humans).toEqual(['us']);
    expect(session.hotSeat).toBe(false);
    expect(session.activeRole).toBe('us');
    const end = session.endTurn();
    expect(end.resolved).toBe(true);
    expect(session.state.context.turn).toBe(2);
    // The autosave now names the human roles explicitly.
    expect(session.autosave(null).options).toMatchObject({ role: 'us', humans: ['us'], timerMinutes: null });
  });

  it('hot-seat: each human team submits in turn (with its note), then the bots, then the turn resolves', () => {
    const session = Session.start(scenario, { ...base, role: 'japan', humans: ['japan', 'prc'] });
    expect(session.hotSeat).toBe(true);
    expect(session.activeRole).toBe('japan');
    expect(session.view().role).toBe('japan');
    const first = session.endTurn('  Hold the line.  ');
    expect(first).toEqual({ resolved: false, events: [], reasons: [] });
    expect(session.state.context.turn).toBe(1);
    expect(session.activeRole).toBe('prc');
    expect(session.legal().every((c) => c.role === 'prc')).toBe(true);
    const second = session.endTurn('');
    expect(second.resolved).toBe(true);
    expect(second.reasons.every((r) => r.role === 'us')).toBe(true);
    expect(session.state.context.turn).toBe(2);
    expect(session.activeRole).toBe('japan');
    const submits = session.file.commands.map((e) => e.command).filter((c) => c.type === 'submit');
    // The note is trimmed; an empty one is left out; the bot submits after both teams.
    expect(submits).toEqual([{ type: 'submit', role: 'japan', note: 'Hold the line.' }, { type: 'submit', role: 'prc' }, { type: 'submit', role: 'us' }]);
    expect(verifyGame(scenario, session.file).ok).toBe(true);
  });

  it('a restored hot-seat game continues with the team whose turn it was', () => {
    const session = Session.start(scenario, { ...base, role: 'japan', humans: ['japan', 'prc'] });
    session.endTurn();
    const save = JSON.parse(JSON.stringify(session.autosave(5)));
    expect(save.options.timerMinutes).toBe(5);
    const restored = Session.fromFile(scenario, save.options, save.file);
    expect(restored.hash()).toBe(session.hash());
    expect(restored.activeRole).toBe('prc');
    expect(restored.humans).toEqual(['japan', 'prc']);
  });

  it('refuses a set-up with no human role of the scenario', () => {
    expect(() => Session.start(scenario, { ...base, role: 'martians', humans: ['martians'] })).toThrow(/no human role among martians \(expected one of: /);
  });
});
