// Bots for the roles the human does not play: the engine's rule-based bots, by temperament.
import { createBot, TEMPERAMENT_IDS, type TemperamentId } from '../engine/bots/bot.ts';
import type { Player } from '../engine/bots/types.ts';
import type { Scenario } from '../engine/scenario/compile.ts';

export type Temperament = TemperamentId;
export const TEMPERAMENTS = TEMPERAMENT_IDS;
export const BOTS_ARE_RANDOM = false;

export function makeBot(scenario: Scenario, role: string, temperament: Temperament, seed: string): Player {
  return createBot(scenario, role, temperament, seed);
}
