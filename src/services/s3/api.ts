/** The generated S3 API (src/protocol/generated/s3.ts) as the operations here implement it. */
import type { S3Api } from '../../protocol/generated/s3.js';
import type { CallContext, OperationSpec } from '../service.js';

type Api = S3Api<CallContext>;
export type S3OperationName = keyof Api;
export type S3Input<K extends S3OperationName> = Parameters<Api[K]>[0];
/** Operations the model gives no output answer an empty body: `{}` here. */
export type S3Output<K extends S3OperationName> =
  Awaited<ReturnType<Api[K]>> extends void ? Record<string, never> : Awaited<ReturnType<Api[K]>>;

/** One implemented operation: a single call, or a prepare/execute pair, checked against the generated types. */
export type S3Operation<K extends S3OperationName> =
  | ((input: S3Input<K>, call: CallContext) => S3Output<K> | Promise<S3Output<K>>)
  | OperationSpec<S3Input<K>, S3Output<K> | Promise<S3Output<K>>, any>;

/** The implemented subset: `Pick` of the generated API, by operation name. */
export type S3Operations<K extends S3OperationName> = { [P in K]: S3Operation<P> };
