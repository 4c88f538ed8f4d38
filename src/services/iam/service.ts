/**
 * IAM as the gateway hosts it: global (events in us-east-1), awsQuery, `iam:` actions. Secrets in
 * requests and responses (SecretAccessKey, Password) are kept out of events by audit/record/redaction.ts.
 */
import { model } from '../../protocol/generated/iam.js';
import type { ServiceDefinition } from '../service.js';
import { iamAudit } from './audit.js';
import { iamAuthorizer } from './authorize.js';
import { iamCodec } from './codec.js';
import type { IamDeps } from './context.js';
import { iamProvider } from './provider.js';

export function iamService(deps: IamDeps): ServiceDefinition {
  return {
    id: 'iam',
    protocol: 'query',
    eventSource: 'iam.amazonaws.com',
    actionPrefix: 'iam',
    globalRegion: 'us-east-1',
    model,
    codec: iamCodec,
    operations: iamProvider(deps),
    authorize: iamAuthorizer(),
    audit: iamAudit,
  };
}
