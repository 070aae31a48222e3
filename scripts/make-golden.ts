// Regenerates the golden game files in tests/golden/ (npm run golden). A change in a golden
// file is a rules change: regenerate deliberately and say why in the commit message.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../src/engine/scenario/load.ts';
import { formatScenarioError } from '../src/engine/scenario/validate.ts';
import { playRecorded } from '../src/engine/play.ts';
import { randomPlayer } from '../src/engine/bots/random.ts';
import { ARRANGEMENT_IDS } from '../src/engine/scenario/schema.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
/** Scenario id -> seed of its golden games (one per arrangement). */
const GOLDEN_SEED = 'golden-1';

for (const name of readdirSync(root + 'scenarios').filter((f) => f.endsWith('.yaml')).sort()) {
  const path = `scenarios/${name}`;
  const loaded = loadScenario(readFileSync(root + path, 'utf8'), path);
  if (!loaded.ok) {
    console.error(loaded.error.map(formatScenarioError).join('\n'));
    process.exit(1);
  }
  const scenario = loaded.value;
  for (const arrangement of ARRANGEMENT_IDS) {
    const players = new Map(scenario.roleIds.map((role) => [role, randomPlayer(role, GOLDEN_SEED)]));
    const { file } = playRecorded(scenario, { seed: GOLDEN_SEED, arrangement, sharing: 'hub', salt: 'golden-salt' }, players);
    const out = `tests/golden/${scenario.data.meta.id}.${arrangement}.json`;
    writeFileSync(root + out, JSON.stringify(file, null, 1) + '\n');
    console.log(`wrote ${out}: ${file.commands.length} commands, ${file.turnHashes.length} turns, outcome ${file.summary?.outcome}`);
  }
}
