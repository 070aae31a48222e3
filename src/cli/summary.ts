// The one-object summary of a finished game (CLI --json, compare runs).
import type { GameState, Metrics } from '../engine/index.ts';

export interface GameSummary {
  scenario: string;
  seed: string;
  arrangement: string;
  sharing: string;
  outcome: string | null;
  winners: string[];
  turns: number;
  finalHash: string;
  metrics: Metrics & { peakRung: Record<string, number> };
}

export function summarise(state: GameState, finalHash: string): GameSummary {
  const ctx = state.context;
  return {
    scenario: ctx.scenarioId,
    seed: ctx.seed,
    arrangement: ctx.arrangement,
    sharing: ctx.sharing,
    outcome: ctx.outcome?.id ?? null,
    winners: ctx.outcome?.winners ?? [],
    turns: ctx.outcome ? ctx.turn : ctx.turn - 1,
    finalHash,
    metrics: ctx.metrics,
  };
}

export function formatHours(hours: number | null): string {
  return hours === null ? 'none' : `${hours.toFixed(1)} h`;
}
