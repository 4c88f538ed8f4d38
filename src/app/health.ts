import type http from 'node:http';
import type { HttpResponse } from '../protocol/http.js';
import type { SpaceReport } from '../storage/free-space.js';

/**
 * `/health` answers without authentication and without secrets, outside the AWS pipeline. Any status but
 * `ok` answers 503, so a load balancer or orchestrator stops sending writes to a server that refuses them.
 */
export function healthRoute(status: () => Record<string, unknown>) {
  return (req: http.IncomingMessage): HttpResponse | undefined => {
    if (req.url !== '/health' || (req.method !== 'GET' && req.method !== 'HEAD')) return undefined;
    const body = status();
    return {
      status: body.status === 'ok' ? 200 : 503,
      headers: { 'content-type': 'application/json' },
      body: Buffer.from(JSON.stringify(body)),
    };
  };
}

/** degraded: writes are refused (reads work); unavailable: below the hard floor, every call is refused. */
export function healthStatus(space: SpaceReport): Record<string, unknown> {
  const status = space.level === 'ok' ? 'ok' : space.level === 'low' ? 'degraded' : 'unavailable';
  return {
    status,
    storage: {
      level: space.level,
      ...(space.reason ? { reason: space.reason } : {}),
      volumes: space.volumes.map((v) => ({
        holds: v.roles,
        freeBytes: v.freeBytes,
        totalBytes: v.totalBytes,
        minFreeBytes: v.minFreeBytes,
        floorBytes: v.floorBytes,
      })),
    },
  };
}
