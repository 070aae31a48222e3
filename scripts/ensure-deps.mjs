// Runs before `npm start` and `npm test`: on a fresh clone, install the locked
// dependencies first so the README's single commands work as written.
import { existsSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const marker = root + 'node_modules/.package-lock.json';
const lock = root + 'package-lock.json';
const stale = !existsSync(marker) || (existsSync(lock) && statSync(lock).mtimeMs > statSync(marker).mtimeMs + 1000);
if (stale) {
  // npm install (not ci): it keeps whatever is already installed and only adds what is missing.
  console.log('kuroshio: installing dependencies (npm install) ...');
  const result = spawnSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('kuroshio: npm install failed; check your network access to the npm registry and try again');
    process.exit(result.status ?? 1);
  }
}
