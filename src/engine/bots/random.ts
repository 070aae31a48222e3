// The seeded random-legal player: a baseline that bots must beat, and a fuzzer.
// It looks only at its legal commands and draws from its own stream (never the game's).
import seedrandom from 'seedrandom';
import type { OrderCommand } from '../types.ts';
import type { Decision, Player, PlayerInput } from './types.ts';

export function randomPlayer(role: string, seed: string, maxOrdersPerTurn = 3): Player {
  // A fresh stream per turn, from (seed, role, turn): a game restored mid-way continues
  // exactly as it would have without the interruption.
  let rng = seedrandom.alea(`${seed}|random|${role}|0`);
  let turn = -1;
  let budget = 0;
  // The turn's legal orders, asked for once per turn; after each pick, orders for the same
  // unit or the same action are dropped, so every later pick is still legal.
  let options: OrderCommand[] = [];
  return {
    role,
    name: 'random',
    next(input: PlayerInput): Decision {
      if (input.turn !== turn) {
        turn = input.turn;
        rng = seedrandom.alea(`${seed}|random|${role}|${turn}`);
        budget = Math.floor(rng() * (maxOrdersPerTurn + 1));
        options = budget > 0 ? input.legal.filter((c): c is OrderCommand => c.type === 'order') : [];
      }
      if (budget > 0 && options.length > 0) {
        budget -= 1;
        const pick = options[Math.floor(rng() * options.length)];
        options = options.filter((c) => c.action !== pick.action && (pick.unit === undefined || c.unit !== pick.unit));
        return { command: pick, reason: 'A random legal order (baseline player).' };
      }
      return { command: { type: 'submit', role }, reason: 'Done for this turn.' };
    },
  };
}
