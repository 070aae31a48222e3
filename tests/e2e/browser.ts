// Shared set-up for browser tests: build the client once, serve dist/ on a free local port,
// and drive Debian's Chromium through playwright-core (no browser downloads here).
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { build } from 'vite';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ROOT } from '../helpers.ts';

export const ARTIFACTS = join(ROOT, 'test-results');

export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'].filter((p): p is string => !!p);
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error('No Chromium found: install one (Debian: apt-get install -y chromium) or set CHROMIUM_PATH to a Chrome/Chromium binary');
  return found;
}

/**
 * Each test run builds into its own temporary directory, so concurrent runs (or `npm start`
 * serving dist/) never see each other's half-written chunks.
 */
export const DIST = mkdtempSync(join(tmpdir(), 'kuroshio-dist-'));
let built: Promise<void> | null = null;
export function buildClient(): Promise<void> {
  built ??= build({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn', build: { outDir: DIST, emptyOutDir: true } }).then(() => undefined);
  return built;
}

export function removeBuild(): void {
  rmSync(DIST, { recursive: true, force: true });
}

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.png': 'image/png', '.svg': 'image/svg+xml' };

/** A static server for dist/ on 127.0.0.1 and a free port. */
export async function serveDist(): Promise<{ url: string; server: Server }> {
  const dist = DIST;
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]);
    const file = join(dist, path === '/' ? 'index.html' : path);
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}/`, server };
}

/** A built client served on a free port, and a browser: what every browser test file starts with. */
export interface ClientUnderTest {
  url: string;
  browser: Browser;
  close(): Promise<void>;
}

export async function openClient(): Promise<ClientUnderTest> {
  await buildClient();
  const { url, server } = await serveDist();
  const browser = await launch();
  return {
    url,
    browser,
    close: async () => {
      await browser.close();
      server.close();
      removeBuild();
    },
  };
}

/** Collects a page's console errors and warnings and its uncaught errors (every e2e file asserts none). */
export function watchConsole(page: Page, problems: string[], label = ''): void {
  const prefix = label ? `${label} ` : '';
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${prefix}${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`${prefix}pageerror: ${e.message} ${e.stack?.split('\n').slice(1, 4).join(' ') ?? ''}`));
}

export async function launch(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: chromiumPath(),
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
  });
}
