// Emit dist/ from src/ with esbuild: one transpile per file (no bundling, the layout tsc would emit), in about a
// second. Types are checked separately (`npm run typecheck`, part of `npm test`), so a start never waits for tsc.
// Then the web console (console/, React + Cloudscape) is bundled by Vite into dist/console-app/.
//   node scripts/build.mjs            clean build (npm run build, npm test)
//   node scripts/build.mjs --if-stale build only what has a source newer than its last build (npm start)
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
const src = join(root, 'src');
const dist = join(root, 'dist');
const stamp = join(dist, '.build-stamp');
const TEST_ONLY = [/\.test\.ts$/, /\.test-helper\.ts$/, /\.fixture\.ts$/, /\/test-fixtures\.ts$/, /\/test-support(\.ts|\/)/, /\/testing\//];

function sources(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !TEST_ONLY.some((re) => re.test(`/${relative(src, path)}`)) ? [path] : [];
  });
}

const ifStale = process.argv.includes('--if-stale');
const fresh = (files, stampFile) =>
  ifStale && existsSync(stampFile) && files.every((f) => statSync(f).mtimeMs < statSync(stampFile).mtimeMs);

const entryPoints = sources(src);
if (!ifStale) rmSync(dist, { recursive: true, force: true });
if (!fresh(entryPoints, stamp)) {
  const started = Date.now();
  await build({
    entryPoints,
    outdir: dist,
    outbase: src,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
  });
  writeFileSync(stamp, new Date(started).toISOString() + '\n');
  console.error(`built ${entryPoints.length} files into dist/ in ${Date.now() - started} ms`);
}

// The console: rebuilt only when a file under console/ (its sources, config, package.json) changed.
const consoleDir = join(root, 'console');
const consoleOut = join(dist, 'console-app');
const consoleStamp = join(dist, '.console-build-stamp');
const consoleSources = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.name === 'node_modules' ? [] : e.isDirectory() ? consoleSources(join(dir, e.name)) : [join(dir, e.name)],
  );
if (!fresh(consoleSources(consoleDir), consoleStamp) || !existsSync(join(consoleOut, 'index.html'))) {
  const started = Date.now();
  // Vite 8 is the console workspace's own (vitest keeps its Vite at the root), so run that copy.
  const vite = [join(consoleDir, 'node_modules/vite/bin/vite.js'), join(root, 'node_modules/vite/bin/vite.js')].find((f) => existsSync(f));
  if (!vite) throw new Error('vite is not installed: run npm ci');
  const res = spawnSync(process.execPath, [vite, 'build', '--config', join(consoleDir, 'vite.config.mjs')], {
    cwd: consoleDir,
    stdio: 'inherit',
  });
  if (res.status !== 0) process.exit(res.status ?? 1);
  writeFileSync(consoleStamp, new Date(started).toISOString() + '\n');
  const size = readdirSync(join(consoleOut, 'assets')).reduce((n, f) => n + statSync(join(consoleOut, 'assets', f)).size, 0);
  console.error(`built the console into dist/console-app/ (${(size / 1024).toFixed(0)} KiB of assets) in ${Date.now() - started} ms`);
}
