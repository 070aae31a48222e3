// Bots for the roles the human does not play. Temperaments choose how the bots behave;
// until the rule-based bots land (issue 4), every temperament uses the seeded
// random-legal player, and the start screen says so.
import { randomPlayer } from '../engine/bots/random.ts';
import type { Player } from '../engine/bots/types.ts';

export type Temperament = 'cautious' | 'balanced' | 'hawkish';
export const TEMPERAMENTS: readonly Temperament[] = ['cautious', 'balanced', 'hawkish'];
export const BOTS_ARE_RANDOM = true;

export function makeBot(role: string, _temperament: Temperament, seed: string): Player {
  return randomPlayer(role, seed);
}
