// The seeded random-legal player: a baseline that bots must beat, and a fuzzer.
// It looks only at its legal commands and draws from its own stream (never the game's).
import seedrandom from 'seedrandom';
import type { Decision, Player, PlayerInput } from './types.ts';

export function randomPlayer(role: string, seed: string, maxOrdersPerTurn = 3): Player {
  const rng = seedrandom.alea(`${seed}|random|${role}`);
  let turn = -1;
  let budget = 0;
  return {
    role,
    name: 'random',
    next({ turn: now, legal }: PlayerInput): Decision {
      if (now !== turn) {
        turn = now;
        budget = Math.floor(rng() * (maxOrdersPerTurn + 1));
      }
      const orders = legal.filter((c) => c.type === 'order');
      if (budget > 0 && orders.length > 0) {
        budget -= 1;
        return { command: orders[Math.floor(rng() * orders.length)], reason: 'A random legal order (baseline player).' };
      }
      return { command: { type: 'submit', role }, reason: 'Done for this turn.' };
    },
  };
}
