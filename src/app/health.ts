import type http from 'node:http';
import type { HttpResponse } from '../protocol/http.js';

/** `/health` answers without authentication and without secrets, outside the AWS pipeline. */
export function healthRoute(status: () => Record<string, unknown>) {
  return (req: http.IncomingMessage): HttpResponse | undefined => {
    if (req.url !== '/health' || (req.method !== 'GET' && req.method !== 'HEAD')) return undefined;
    return {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: Buffer.from(JSON.stringify(status())),
    };
  };
}
