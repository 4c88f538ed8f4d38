import type http from 'node:http';
import { PassThrough, type Readable } from 'node:stream';
import { ServiceError } from '../errors/service-error.js';

export const REQUEST_TIMEOUT = 'RequestTimeout';

/**
 * S3's answer to a client that stops sending its body (S3 API Reference, "Error responses":
 * RequestTimeout, 400). The read-body phase renders it for the other protocols.
 */
export const requestTimeout = () =>
  new ServiceError(
    REQUEST_TIMEOUT,
    'Your socket connection to the server was not read from or written to within the timeout period. Idle connections will be closed.',
    { status: 400 },
  );

/**
 * The other protocols publish no error for an idle body; they get HTTP's own 408 Request Timeout
 * (RFC 9110, section 15.5.9) under the same code, and the connection is closed after it too.
 */
export function requestTimeoutFor(protocol: string | undefined): ServiceError {
  const s3 = requestTimeout();
  return protocol === 'rest-xml' ? s3 : new ServiceError(REQUEST_TIMEOUT, s3.message, { status: 408 });
}

/**
 * Watches a request body for an idle client. The gateway reads `body`; when no byte arrives for
 * `idleMs` while the server is waiting for one, `body` fails with RequestTimeout (so the call is
 * answered and recorded) and `timedOut` is set: the answer must close the connection. Time the
 * server spends not reading (backpressure) does not count. After `release()` (the answer is ready)
 * the rest of the body is discarded, and a client that is idle even then loses its socket.
 */
export class BodyGuard {
  readonly body: Readable;
  timedOut = false;
  private readonly pipe = new PassThrough();
  private timer: NodeJS.Timeout | undefined;
  private released = false;

  constructor(
    private readonly req: http.IncomingMessage,
    private readonly idleMs: number,
  ) {
    this.body = this.pipe;
    req.on('data', this.onData);
    req.once('end', this.onEnd);
    req.once('error', (err) => this.fail(err));
    req.once('close', () => this.stop());
    this.arm();
  }

  /** The gateway has its answer: unread bytes are discarded from now on. */
  release(): void {
    this.released = true;
    if (!this.pipe.destroyed) this.pipe.destroy();
    if (this.req.isPaused()) this.req.resume();
  }

  private readonly onData = (chunk: Buffer) => {
    if (this.released || this.pipe.destroyed) return this.arm();
    if (this.pipe.write(chunk)) return this.arm();
    // Backpressure: the server is the slow side, so the idle clock stops until it reads again.
    this.stop();
    this.req.pause();
    this.pipe.once('drain', () => {
      if (this.released) return;
      this.req.resume();
      this.arm();
    });
  };

  private readonly onEnd = () => {
    this.stop();
    if (!this.pipe.destroyed) this.pipe.end();
  };

  private fail(err: Error): void {
    this.stop();
    if (!this.pipe.destroyed) this.pipe.destroy(err);
  }

  private arm(): void {
    this.stop();
    this.timer = setTimeout(() => this.expire(), this.idleMs);
    this.timer.unref();
  }

  private stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private expire(): void {
    this.timer = undefined;
    if (this.released) {
      this.req.socket.destroy(); // idle even after its answer: nothing left to say
      return;
    }
    if (this.pipe.destroyed) return; // the gateway stopped reading; release() follows
    this.timedOut = true;
    this.pipe.destroy(requestTimeout());
  }
}
