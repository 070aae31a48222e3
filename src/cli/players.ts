// The automatic players a command can choose (`--bots`). Kept free of Node APIs and CLI
// modules so the compare workers' bundle holds only the engine.
import { randomPlayer } from '../engine/bots/random.ts';
import { createBot, TEMPERAMENT_IDS, type TemperamentId } from '../engine/bots/bot.ts';
import type { Player } from '../engine/bots/types.ts';
import type { Scenario } from '../engine/scenario/compile.ts';
import { UsageError } from './errors.ts';

export type BotChoice = TemperamentId | 'random';
export const BOT_CHOICES: readonly BotChoice[] = [...TEMPERAMENT_IDS, 'random'];

export function parseBots(value: string): BotChoice {
  if ((BOT_CHOICES as readonly string[]).includes(value)) return value as BotChoice;
  throw new UsageError(`--bots "${value}" is not a bot kind (expected one of: ${BOT_CHOICES.join(', ')})`);
}

/** Automatic players for every role: rule-based bots of a temperament, or the random-legal baseline. */
export function playersFor(scenario: Scenario, seed: string, bots: BotChoice = 'balanced'): Map<string, Player> {
  return new Map(scenario.roleIds.map((role) => [role, bots === 'random' ? randomPlayer(role, seed) : createBot(scenario, role, bots, seed)]));
}
