// Bots: legal, deterministic, explained, better than the random baseline, and the model's
// credibility checks on the flagship (response time by arrangement; direct vs hub sharing).
import { describe, expect, it } from 'vitest';
import { apply, hash, newGame, type GameState } from '../src/engine/index.ts';
import { playGame, playRecorded } from '../src/engine/play.ts';
import { randomPlayer } from '../src/engine/bots/random.ts';
import { createBot, TEMPERAMENT_IDS, type TemperamentId } from '../src/engine/bots/bot.ts';
import type { Player } from '../src/engine/bots/types.ts';
import { ARRANGEMENT_IDS, type ArrangementId } from '../src/engine/ids.ts';
import { flagship, loadScenarioFile } from './helpers.ts';

const scenario = flagship();
const bots = (seed: string, temperament: TemperamentId = 'balanced', randomRole?: string) =>
  new Map<string, Player>(scenario.roleIds.map((role) => [role, role === randomRole ? randomPlayer(role, seed) : createBot(scenario, role, temperament, seed)]));
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

describe('bots', () => {
  it('choose only legal commands (the play loop refuses anything else) and explain every order', () => {
    for (const temperament of TEMPERAMENT_IDS) {
      const { file } = playRecorded(scenario, { seed: `legal-${temperament}`, arrangement: 'legacy', sharing: 'hub' }, bots(`legal-${temperament}`, temperament));
      const orders = file.commands.filter((e) => e.command.type === 'order');
      expect(orders.length).toBeGreaterThan(10);
      for (const entry of orders) expect(entry.reason).toMatch(/^.+ — .+: .{12,}\.$/);
    }
  });

  it('do not repeat a headquarters order that raises a flag while an earlier one is in transit (Article 5)', () => {
    let article5 = 0;
    for (let i = 0; i < 12; i++) {
      const seed = `transit-${i}`;
      const { file } = playRecorded(scenario, { seed, arrangement: ARRANGEMENT_IDS[i % 4], sharing: 'hub' }, bots(seed));
      // Replaying the file: at each US Article 5 order, none may be on its way already.
      let state = newGame(scenario, { seed, arrangement: file.arrangement, sharing: file.sharing });
      for (const { command } of file.commands) {
        if (command.type === 'order' && command.action === 'us-article5') {
          article5 += 1;
          expect(state.context.messages.filter((m) => m.order.action === 'us-article5')).toEqual([]);
        }
        const result = apply(state, command);
        if (!result.ok) throw new Error(result.error.code);
        state = result.state;
      }
    }
    expect(article5).toBeGreaterThan(0);
  });

  it('are deterministic for a seed', () => {
    const a = playGame(scenario, { seed: 'det', arrangement: 'upgraded', sharing: 'direct' }, bots('det', 'hawkish'));
    const b = playGame(scenario, { seed: 'det', arrangement: 'upgraded', sharing: 'direct' }, bots('det', 'hawkish'));
    expect(hash(a)).toBe(hash(b));
  });

  it('temperaments differ by parameters: hawkish bots escalate more than cautious ones', () => {
    const peak = (t: TemperamentId) => {
      let sum = 0;
      for (let i = 0; i < 20; i++) sum += playGame(scenario, { seed: `t${i}`, arrangement: 'legacy', sharing: 'hub' }, bots(`t${i}`, t)).context.metrics.peakRung.senkaku;
      return sum / 20;
    };
    expect(peak('hawkish')).toBeGreaterThan(peak('cautious'));
  });

  it('meet their side objectives more often than the random-legal player, against bot opponents (PRC, Japan)', () => {
    const rate = (role: string, asRandom: boolean) => {
      const objectives = scenario.data.objectives.filter((o) => o.role === role);
      let met = 0;
      for (let i = 0; i < 40; i++) {
        const seed = `obj-${i}`;
        const state = playGame(scenario, { seed, arrangement: ARRANGEMENT_IDS[i % 4], sharing: 'hub' }, bots(seed, 'balanced', asRandom ? role : undefined));
        met += objectives.filter((o) => state.context.objectives[o.id]).length;
      }
      return met / (40 * objectives.length);
    };
    for (const role of ['prc', 'japan']) expect(rate(role, false)).toBeGreaterThan(rate(role, true));
  });

  it('go after a landing party once it is known ashore: a cutter moves into reach and the arrest follows (twin-crisis)', () => {
    const twin = loadScenarioFile('scenarios/twin-crisis.yaml');
    let known = 0;
    let answered = 0;
    for (let i = 0; i < 100; i++) {
      const seed = `arrest-${i}`;
      const state = playGame(twin, { seed, arrangement: ARRANGEMENT_IDS[i % 4], sharing: 'hub' }, new Map(twin.roleIds.map((role) => [role, createBot(twin, role, 'balanced', seed)])));
      const log = state.context.log;
      const ashore = log.find((e) => e.kind === 'table' && e.data?.table === 'landing' && e.data?.outcome === 'ashore');
      if (!ashore) continue;
      // Japan learns of the party on the island (its own detection or a partner's report) with turns to spare.
      const seen = log.find((e) => e.hour >= ashore.hour && (e.kind === 'detection' || e.kind === 'intel') && e.roles?.includes('japan') && e.data?.zone === 'uotsuri');
      if (!seen || seen.turn > twin.data.clock.maxTurns - 2) continue;
      known += 1;
      if (log.some((e) => e.kind === 'order-issued' && e.data?.action === 'jcg-arrest' && e.turn > seen.turn && e.turn <= seen.turn + 2)) answered += 1;
    }
    // Before cutters were drawn into reach (and while clearing the flag was read as raising it
    // again), the arrest came within two turns in 4 of 11 such games; now in 8.
    expect(known).toBeGreaterThanOrEqual(8);
    expect(answered / known).toBeGreaterThanOrEqual(0.6);
  });
});

describe('credibility checks on senkaku-gray-zone (balanced bots)', () => {
  // 100 seeds: the upgraded–combined gap is about 1 h (JFHQ vs combined-command processing), so
  // fewer seeds leave the two medians within each other's noise.
  const N = 100;
  const games = new Map<ArrangementId, GameState[]>();
  for (const arrangement of ARRANGEMENT_IDS) {
    games.set(arrangement, Array.from({ length: N }, (_, i) => playGame(scenario, { seed: `cred-${i}`, arrangement, sharing: 'hub' }, bots(`cred-${i}`))));
  }
  const responses = (arrangement: ArrangementId, filter: (s: GameState) => boolean = () => true) =>
    (games.get(arrangement) ?? []).filter(filter).map((s) => s.context.metrics.alliedResponseHours).filter((h): h is number => h !== null);

  it('median allied response time orders legacy > upgraded > combined', () => {
    const m = Object.fromEntries(ARRANGEMENT_IDS.map((a) => [a, median(responses(a))]));
    expect(m.legacy).toBeGreaterThan(m.upgraded);
    expect(m.upgraded).toBeGreaterThan(m.combined);
  });

  it('jtf sits between legacy and upgraded once the task force is active (US orders about Japan defence)', () => {
    // Within 96 h the JTF often stands up after the landing force is first seen, so compare the
    // latency of the same orders: those routed through the active JTF vs legacy and upgraded.
    const authorityActions = new Set(scenario.data.actions.filter((a) => a.path.authority === 'us-japan-defence').map((a) => a.id));
    const activeName = scenario.data.arrangements.jtf.activation?.name;
    const latencies = (arrangement: ArrangementId, onlyActive: boolean) =>
      (games.get(arrangement) ?? []).flatMap((s) =>
        s.context.delivered
          .filter((m) => authorityActions.has(m.order.action) && m.arrivedHour !== undefined && (!onlyActive || m.routedUnder === activeName))
          .map((m) => (m.arrivedHour ?? 0) - m.issuedHour),
      );
    const jtf = latencies('jtf', true);
    expect(jtf.length).toBeGreaterThan(10);
    expect(median(jtf)).toBeLessThan(median(latencies('legacy', false)));
    expect(median(jtf)).toBeGreaterThanOrEqual(median(latencies('upgraded', false)) - 0.5);
  });

  it('direct sharing tells partners sooner than hub sharing', () => {
    const delay = (sharing: 'hub' | 'direct') => {
      const delays: number[] = [];
      for (let i = 0; i < 20; i++) {
        const state = playGame(scenario, { seed: `share-${i}`, arrangement: 'upgraded', sharing }, bots(`share-${i}`));
        for (const e of state.context.log) if (e.kind === 'intel' && typeof e.data?.seenHour === 'number') delays.push(e.hour - e.data.seenHour);
      }
      return delays.reduce((a, b) => a + b, 0) / delays.length;
    };
    expect(delay('direct')).toBeLessThan(delay('hub'));
  });
});
