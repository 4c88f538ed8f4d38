// Emit dist/ from src/ with esbuild: one transpile per file (no bundling, the layout tsc would emit), in about a
// second. Types are checked separately (`npm run typecheck`, part of `npm test`), so a start never waits for tsc.
//   node scripts/build.mjs            clean build (npm run build, npm test)
//   node scripts/build.mjs --if-stale build only when a source is newer than the last build (npm start)
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

const entryPoints = sources(src);
if (process.argv.includes('--if-stale') && existsSync(stamp)) {
  const built = statSync(stamp).mtimeMs;
  if (entryPoints.every((f) => statSync(f).mtimeMs < built)) process.exit(0);
}
const started = Date.now();
if (!process.argv.includes('--if-stale')) rmSync(dist, { recursive: true, force: true });
await build({ entryPoints, outdir: dist, outbase: src, format: 'esm', platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning' });
writeFileSync(stamp, new Date(started).toISOString() + '\n');
console.error(`built ${entryPoints.length} files into dist/ in ${Date.now() - started} ms`);
