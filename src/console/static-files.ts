import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HttpResponse } from '../protocol/http.js';

/** Where `scripts/build.mjs` has Vite write the SPA (the same path from src/console and dist/console). */
export const APP_DIR = fileURLToPath(new URL('../../dist/console-app/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};

/**
 * The page may load only its own scripts, styles, fonts and images and talk only to its own
 * origin; inline style attributes are allowed because Cloudscape components set them.
 */
export const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

/** A file of the built SPA; any other path under /console/ is a client-side route: index.html. */
export function staticFile(path: string, appDir = APP_DIR): HttpResponse {
  const rel = decodeSafe(path.replace(/^\/console\/?/, ''));
  const file = rel === undefined ? undefined : resolveInside(appDir, rel);
  if (file && existsSync(file) && statSync(file).isFile()) {
    const hashed = rel!.startsWith('assets/');
    return {
      status: 200,
      headers: {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
        ...SECURITY_HEADERS,
      },
      body: readFileSync(file),
    };
  }
  if (rel?.startsWith('assets/')) return text(404, 'Not Found');
  const index = join(appDir, 'index.html');
  if (!existsSync(index)) return text(503, 'The console has not been built: run `npm run build`.');
  return {
    status: 200,
    headers: { 'content-type': TYPES['.html']!, 'cache-control': 'no-cache', ...SECURITY_HEADERS },
    body: readFileSync(index),
  };
}

function decodeSafe(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

function resolveInside(root: string, rel: string): string | undefined {
  if (rel === '' || rel.includes('\0')) return undefined;
  const full = normalize(join(root, rel));
  return full.startsWith(root.endsWith(sep) ? root : root + sep) ? full : undefined;
}

export function text(status: number, body: string): HttpResponse {
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: Buffer.from(body) };
}
