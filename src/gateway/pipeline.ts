import type { HttpRequest, HttpResponse } from '../protocol/http.js';
import type { CallContext, OperationSpec } from '../services/service.js';
import { newRequestContext, type RequestContext, type TlsDetails } from './context.js';
import type { GatewayDeps } from './deps.js';
import { callRecordOf } from './call-record.js';
import { identify, needsBodyToIdentify } from './phases/identify.js';
import { readBody } from './phases/read-body.js';
import { authenticate } from './phases/authenticate.js';
import { parse } from './phases/parse.js';
import { authorize } from './phases/authorize.js';
import { dispatch, operationSpec, runsOnSnapshot } from './phases/dispatch.js';
import { serialize, serializeError, toServiceError } from './phases/serialize.js';
import { checkSpace } from './phases/check-space.js';
import { internalFailure, storageUnavailable } from '../errors/service-error.js';
import { isOutOfSpace } from '../storage/free-space.js';
import { ReadGate } from './read-gate.js';
import type { Tx } from '../storage/ports.js';
import type { NewEvent } from '../audit/events/ports.js';

type AfterCommitHook = () => void | Promise<void>;
/** A read's answer: its event (none for internal calls) and the hooks that wait for that event's commit. */
interface Answer {
  hooks: AfterCommitHook[];
  event: NewEvent | undefined;
}

/** After-commit work is best effort (cleanup, starting a stream): the call already stands. */
async function runHooks(hooks: AfterCommitHook[]): Promise<void> {
  for (const hook of hooks)
    await Promise.resolve()
      .then(hook)
      .catch(() => undefined);
}

/**
 * The request lifecycle, written once:
 *
 *   receive → identify service and protocol → read body
 *           → ( authenticate → parse → authorize → check free space )   one read snapshot
 *           → prepare → [ dispatch → serialize → record ]                 one write transaction: fail-closed audit
 *           → send
 *
 * A read (Describe*, List*, Get*, ... with no `prepare`, see runsOnSnapshot) is dispatched and serialised on
 * the same snapshot, and only its event is written, alone (Store.appendEvents); it is answered once that commits.
 * While writes are in flight, reads take turns (read-gate.ts), so a read-heavy load leaves the CPU to the writes.
 *
 * Any failure jumps to: serialize the error → record it (its event alone, Store.appendEvents) → send.
 * `receive` and `send` are the node:http edge (node-adapter.ts); everything here is framework-free,
 * so tests drive it in-process with plain HttpRequest values.
 */
export class Gateway {
  private readonly gate = new ReadGate();

  constructor(private readonly deps: GatewayDeps) {}

  async handle(req: HttpRequest, conn: { sourceIp: string; tls?: TlsDetails; internal?: boolean }): Promise<HttpResponse> {
    const ctx = newRequestContext(req, { sourceIp: conn.sourceIp, tls: conn.tls, now: this.deps.clock() });
    ctx.internal = conn.internal ?? false;
    let spec: OperationSpec | undefined;
    let prepared: unknown;
    try {
      identify(ctx, this.deps);
      await readBody(ctx, this.deps);
      if (needsBodyToIdentify(ctx)) identify(ctx, this.deps);
      const decided = await this.deps.store.read((tx) => this.decide(ctx, tx));
      spec = decided.spec;
      if (decided.read) {
        const answer = decided.answer ?? (await this.answerInTurn(ctx, spec, decided.call));
        // A read changed nothing: its event, built on the snapshot it was answered on, is appended in a
        // transaction of its own that waits for no other call's changes, and it is answered once that commits.
        await this.deps.recorder.appendAlone(answer.event, this.deps.store);
        await runHooks(answer.hooks);
      } else {
        prepared = spec.prepare ? await spec.prepare(ctx.input ?? {}, decided.call) : undefined;
        this.gate.writeStarted();
        try {
          await this.deps.store.write((tx) => this.execute(ctx, spec!, decided.call, prepared, tx));
        } finally {
          this.gate.writeEnded();
        }
      }
    } catch (err) {
      if (spec?.discard && prepared !== undefined) spec.discard(prepared);
      await this.fail(ctx, err);
    }
    this.log(ctx);
    return ctx.response!;
  }

  /**
   * Who is calling, may they, and is there room: decided on one snapshot of committed state. A read
   * (runsOnSnapshot) whose turn has come (ReadGate) is answered on that snapshot too; one that must
   * wait for its turn lets the snapshot go and is answered on a later one (answerInTurn).
   */
  private async decide(ctx: RequestContext, tx: Tx) {
    await authenticate(ctx, this.deps, tx);
    parse(ctx);
    const call = this.callContext(ctx, tx);
    await authorize(ctx, this.deps, call);
    checkSpace(ctx, this.deps);
    const spec = operationSpec(ctx);
    const read = runsOnSnapshot(ctx, spec);
    const answer = read ? await this.gate.tryAnswer(() => this.answer(ctx, spec, call, tx)) : undefined;
    return { call, spec, read, answer };
  }

  private answerInTurn(ctx: RequestContext, spec: OperationSpec, call: CallContext): Promise<Answer> {
    return this.gate.answer(() => this.deps.store.read((tx) => this.answer(ctx, spec, call, tx)));
  }

  /** A read dispatched and serialised on a snapshot, and its event built there; its after-commit hooks wait for that event's commit. */
  private async answer(ctx: RequestContext, spec: OperationSpec, call: CallContext, tx: Tx): Promise<Answer> {
    const hooks: AfterCommitHook[] = [];
    call.tx = Object.create(tx, { afterCommit: { value: (hook: AfterCommitHook) => hooks.push(hook) } }) as Tx;
    await dispatch(ctx, spec, call, undefined);
    serialize(ctx);
    const event = ctx.internal ? undefined : await this.deps.recorder.event(callRecordOf(ctx), tx);
    return { hooks, event };
  }

  /** The call's change and its event, in one write transaction (fail-closed audit). */
  private async execute(ctx: RequestContext, spec: OperationSpec, call: CallContext, prepared: unknown, tx: Tx): Promise<void> {
    call.tx = tx;
    await dispatch(ctx, spec, call, prepared);
    serialize(ctx);
    await this.record(ctx, tx);
  }

  /**
   * Serialises the error and records it; if even that cannot be recorded, the answer is a 500 (or the
   * retryable 503 when the disk is full). Below the free-space hard floor nothing more is written: the
   * call is answered 503 unrecorded (fail closed), so the last space stays for the store's recovery.
   */
  private async fail(ctx: RequestContext, err: unknown): Promise<void> {
    if (!ctx.error || ctx.error !== err) ctx.error = toServiceError(err, ctx.protocol);
    if (isOutOfSpace(err)) {
      this.deps.freeSpace?.invalidate();
      this.deps.logger.warn({ requestId: ctx.requestId, err }, 'disk full during the call: its transaction rolled back');
    }
    if (ctx.error.status >= 500 && !(err as { code?: string })?.code) {
      this.deps.logger.error({ requestId: ctx.requestId, err }, 'request failed with an unexpected error');
    }
    if (this.deps.freeSpace?.level() === 'critical') return this.failUnrecorded(ctx);
    serializeError(ctx);
    try {
      await this.recordAlone(ctx);
    } catch (recordErr) {
      if (isOutOfSpace(recordErr)) return this.failUnrecorded(ctx, recordErr);
      this.deps.logger.error({ requestId: ctx.requestId, err: recordErr }, 'audit event could not be recorded; failing closed');
      ctx.error = internalFailure(ctx.protocol ?? 'json');
      serializeError(ctx);
    }
  }

  private failUnrecorded(ctx: RequestContext, writeErr?: unknown): void {
    if (writeErr !== undefined) {
      this.deps.freeSpace?.invalidate();
      this.deps.logger.warn(
        { requestId: ctx.requestId, err: writeErr },
        'disk full: call refused without an audit event (nothing was changed)',
      );
    }
    ctx.error = storageUnavailable(ctx.protocol ?? 'json');
    serializeError(ctx);
  }

  private async record(ctx: RequestContext, tx: Tx): Promise<void> {
    if (!ctx.internal) await this.deps.recorder.record(callRecordOf(ctx), tx);
  }

  /** A failed call changed nothing (its transaction rolled back): its event alone, built on a snapshot of its own. */
  private async recordAlone(ctx: RequestContext): Promise<void> {
    if (ctx.internal) return;
    const call = callRecordOf(ctx);
    const event = await this.deps.store.read((tx) => this.deps.recorder.event(call, tx));
    await this.deps.recorder.appendAlone(event, this.deps.store);
  }

  private callContext(ctx: RequestContext, tx: Tx): CallContext {
    const call: CallContext = {
      principal: ctx.principal!,
      accountId: ctx.principal!.accountId,
      region: ctx.region ?? this.deps.defaultRegion,
      requestId: ctx.requestId,
      operation: ctx.operation!,
      now: ctx.receivedAt,
      sourceIp: ctx.sourceIp,
      userAgent: ctx.userAgent,
      secureTransport: Boolean(ctx.tls),
      endpoint: ctx.req.headers.host ? `${ctx.tls ? 'https' : 'http'}://${ctx.req.headers.host}` : undefined,
      tx,
      read: (fn) => this.deps.store.read(fn),
      afterCommit(fn) {
        this.tx.afterCommit(fn);
      },
    };
    this.deps.decorateCall?.(call);
    return call;
  }

  private log(ctx: RequestContext): void {
    this.deps.logger.info(
      {
        requestId: ctx.requestId,
        service: ctx.service?.id,
        operation: ctx.operation,
        status: ctx.response?.status,
        errorCode: ctx.error?.code,
        sourceIp: ctx.sourceIp,
        ms: Date.now() - ctx.receivedAt.getTime(),
      },
      'request',
    );
  }
}
