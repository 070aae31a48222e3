import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { loadScenario } from './src/engine/scenario/load.ts';
import { formatScenarioError } from './src/engine/scenario/parse.ts';

const SCENARIOS = 'virtual:kuroshio-scenarios';
const ONE_SCENARIO = 'virtual:kuroshio-scenario/';

/**
 * Scenarios are validated at build time and shipped as checked data, so the browser needs
 * neither the YAML parser nor the schema library; an invalid scenario fails the build with
 * its file:line:col lines.
 */
function scenarios(): Plugin {
  return {
    name: 'kuroshio-scenarios',
    resolveId: (source) => (source === SCENARIOS || source.startsWith(ONE_SCENARIO) ? '\0' + source : undefined),
    load(id) {
      // The index (ids, titles, briefings) loads with the page; each scenario's full data is
      // its own chunk, loaded when a game starts.
      if (id.startsWith('\0' + ONE_SCENARIO)) {
        const file = `scenarios/${id.slice(1 + ONE_SCENARIO.length)}.yaml`;
        this.addWatchFile(file);
        const result = loadScenario(readFileSync(file, 'utf8'), file);
        if (!result.ok) return this.error(result.error.map(formatScenarioError).join('\n'));
        return `export default ${JSON.stringify(result.value.data)};`;
      }
      if (id !== '\0' + SCENARIOS) return undefined;
      const entries = [];
      for (const name of readdirSync('scenarios').filter((f) => f.endsWith('.yaml')).sort()) {
        const file = `scenarios/${name}`;
        this.addWatchFile(file);
        const result = loadScenario(readFileSync(file, 'utf8'), file);
        if (!result.ok) return this.error(result.error.map(formatScenarioError).join('\n'));
        const d = result.value.data;
        const summary = {
          id: d.meta.id,
          title: d.meta.title,
          summary: d.meta.summary,
          roles: d.roles.map((r) => ({ id: r.id, name: r.name, briefing: r.briefing })),
          arrangements: Object.fromEntries(Object.entries(d.arrangements).map(([k, a]) => [k, { name: a.name, summary: a.summary }])),
          sharing: { hub: d.sharing.hub.summary, direct: d.sharing.direct.summary },
        };
        entries.push(`{ ...${JSON.stringify(summary)}, load: () => import(${JSON.stringify(ONE_SCENARIO + d.meta.id.replace(/[^a-z0-9-]/gi, ''))}).then((m) => m.default) }`);
      }
      return `export default [${entries.join(',\n')}];`;
    },
  };
}

// The browser client. Phaser is large (about 360 KB gzipped), so it gets a chunk of its
// own and the app code stays small. vite 8 (Rolldown) splits chunks with codeSplitting groups.
export default defineConfig({
  root: 'src/client',
  publicDir: false,
  base: './',
  plugins: [scenarios()],
  resolve: {
    // milsymbol's package entry registers every symbol standard; its ES core lets the map
    // register only MIL-STD-2525C (letter SIDCs), a much smaller bundle.
    alias: { 'milsymbol-core': fileURLToPath(new URL('./node_modules/milsymbol/index.mjs', import.meta.url)) },
  },
  build: {
    outDir: '../../dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1600,
    rolldownOptions: {
      // Three pages: the game (index.html), the replay viewer (replay.html) and the seminar
      // projector (projector.html), which follows the live game in another tab.
      input: {
        index: fileURLToPath(new URL('./src/client/index.html', import.meta.url)),
        replay: fileURLToPath(new URL('./src/client/replay.html', import.meta.url)),
        projector: fileURLToPath(new URL('./src/client/projector.html', import.meta.url)),
      },
      output: {
        codeSplitting: {
          groups: [{ name: 'phaser', test: /node_modules[\\/]phaser/ }],
        },
      },
    },
  },
  server: { port: 5173 },
  preview: { port: 5173 },
});
