import type http from 'node:http';
import type { Socket } from 'node:net';

/**
 * The connection bound (`server.maxConnections`: beyond it a new connection is closed unanswered).
 * Idle keep-alive connections would otherwise fill it: a client that opens a connection per call and
 * leaves it open (an SDK client per call, every CLI process) holds each for keepAliveTimeout, and once
 * the bound is reached every new client, a load balancer's health check or an operator's flush
 * included, is shut out ("socket hang up", "other side closed"). So near the bound the connections
 * that are idle between requests (answered, none in progress) are closed, longest idle first, to make
 * room; a connection that has not sent its first request yet, or is busy, is never closed for this.
 */
export function boundConnections(server: http.Server, max: number): void {
  server.maxConnections = max;
  // Room kept free below the bound: closed sockets leave Node's count only once their close completes.
  const highWater = max - Math.max(1, Math.floor(max / 8));
  const open = new Set<Socket>();
  const idle = new Set<Socket>(); // insertion order: longest idle first
  const watched = new WeakSet<Socket>();
  server.on('connection', (socket: Socket) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
    let excess = open.size - highWater;
    for (const s of idle) {
      if (excess-- <= 0) break;
      idle.delete(s);
      s.destroy();
    }
  });
  // Ahead of the request handler, so that even an answer sent at once is seen finishing.
  server.prependListener('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    // With TLS this is the TLS socket over the TCP one counted above; destroying it closes both.
    const socket = req.socket;
    idle.delete(socket);
    if (!watched.has(socket)) {
      watched.add(socket);
      socket.once('close', () => idle.delete(socket));
    }
    res.once('finish', () => {
      if (!socket.destroyed) idle.add(socket);
    });
  });
}
