import { ServiceError } from '../../errors/service-error.js';
import type { CallContext, Operation, OperationSpec } from '../../services/service.js';
import type { RequestContext } from '../context.js';

function specOf(operation: Operation): OperationSpec {
  return typeof operation === 'function' ? { execute: operation } : operation;
}

/** Finds the provider's implementation of the parsed operation. */
export function operationSpec(ctx: RequestContext): OperationSpec {
  const op = ctx.service!.operations[ctx.operation!];
  if (!op) {
    throw new ServiceError('NotImplemented', `The ${ctx.operation} operation is not implemented by hsmtrail.`, { status: 501 });
  }
  return specOf(op);
}

/** Runs the operation. Called inside the call's transaction. */
export async function dispatch(ctx: RequestContext, spec: OperationSpec, call: CallContext, prepared: unknown): Promise<void> {
  ctx.output = await spec.execute(ctx.input ?? {}, call, prepared);
}

const READ_NAME = /^(Describe|List|Get|Lookup|Head)[A-Z]/;

/**
 * Whether the operation only reads state, so it runs on the read snapshot instead of the write
 * queue: named like a read, no `prepare`, and not one of the service's reads that write
 * (`ServiceDefinition.writesOnRead`).
 */
export function runsOnSnapshot(ctx: RequestContext, spec: OperationSpec): boolean {
  const operation = ctx.operation!;
  return !spec.prepare && READ_NAME.test(operation) && !ctx.service!.writesOnRead?.includes(operation);
}
