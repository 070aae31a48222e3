// A compare worker: compiles the scenario variants once, then plays the jobs it is sent.
import { parentPort, workerData } from 'node:worker_threads';
import type { ScenarioData } from '../engine/scenario/schema.ts';
import type { Scenario } from '../engine/scenario/compile.ts';
import { runJob, variantScenario, type Job, type Variant } from './compare-core.ts';
import type { BotChoice } from './players.ts';

const { data, variants, bots } = workerData as { data: ScenarioData; variants: Variant[]; bots: BotChoice };
const scenarios = new Map<string, Scenario>(variants.map((v) => [v.id, variantScenario(data, v)]));

parentPort?.on('message', (jobs: Job[] | null) => {
  if (jobs === null) {
    process.exit(0);
  }
  const rows = jobs.map((job) => {
    const scenario = scenarios.get(job.variant);
    if (!scenario) throw new Error(`unknown variant ${job.variant}`);
    return runJob(scenario, job, bots);
  });
  parentPort?.postMessage(rows);
});
