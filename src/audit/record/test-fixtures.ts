/** RequestContext fixtures for the audit tests: one per identity type, services built on the real models. */
import type { RequestContext } from '../../gateway/context.js';
import { callRecordOf } from '../../gateway/call-record.js';
import type { CallRecord } from './call-record.js';
import type { Principal } from '../../identity/principal.js';
import type { ServiceDefinition, ServiceId } from '../../services/service.js';
import type { ServiceModel } from '../../protocol/model.js';
import { model as cloudhsmModel } from '../../protocol/generated/cloudhsmv2.js';
import { model as stsModel } from '../../protocol/generated/sts.js';
import { model as iamModel } from '../../protocol/generated/iam.js';
import { model as s3Model } from '../../protocol/generated/s3.js';

export const ACCOUNT = '111122223333';

function service(id: ServiceId, model: ServiceModel, eventSource: string, extra: Partial<ServiceDefinition> = {}): ServiceDefinition {
  return { id, protocol: model.metadata.protocol, eventSource, model, operations: {}, actionPrefix: id, ...extra };
}

export const cloudhsm = service('cloudhsmv2', cloudhsmModel, 'cloudhsm.amazonaws.com');
export const sts = service('sts', stsModel, 'sts.amazonaws.com');
export const iam = service('iam', iamModel, 'iam.amazonaws.com', { globalRegion: 'us-east-1' });
export const s3 = service('s3', s3Model, 's3.amazonaws.com', {
  audit: {
    isDataEvent: (op) => ['GetObject', 'PutObject', 'DeleteObject', 'HeadObject'].includes(op),
    resources: (_op, input: { Bucket: string; Key?: string }, _out, call) => [
      input.Key
        ? { ARN: `arn:aws:s3:::${input.Bucket}/${input.Key}`, accountId: call.accountId, type: 'AWS::S3::Object' }
        : { ARN: `arn:aws:s3:::${input.Bucket}`, accountId: call.accountId, type: 'AWS::S3::Bucket' },
    ],
  },
});

export const assumedRole: Principal = {
  type: 'AssumedRole',
  principalId: 'principal_ID:ExampleSession',
  arn: `arn:aws:sts::${ACCOUNT}:assumed-role/AdminRole/ExampleSession`,
  accountId: ACCOUNT,
  accessKeyId: 'access-key-id',
  sessionContext: {
    attributes: { creationDate: '2017-07-11T03:48:44Z', mfaAuthenticated: 'false' },
    sessionIssuer: {
      type: 'Role',
      principalId: 'principal_ID',
      arn: `arn:aws:iam::${ACCOUNT}:role/AdminRole`,
      accountId: ACCOUNT,
      userName: 'AdminRole',
    },
  },
  tags: {},
  sessionPolicies: [],
  userId: 'principal_ID:ExampleSession',
};

export const iamUser: Principal = {
  type: 'IAMUser',
  principalId: 'AIDAEXAMPLEUSER00000',
  arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
  accountId: ACCOUNT,
  accessKeyId: 'AKIAEXAMPLEALICE0000',
  userName: 'alice',
  tags: {},
  sessionPolicies: [],
  userId: 'AIDAEXAMPLEUSER00000',
  username: 'alice',
};

export const root: Principal = {
  type: 'Root',
  principalId: ACCOUNT,
  arn: `arn:aws:iam::${ACCOUNT}:root`,
  accountId: ACCOUNT,
  accessKeyId: 'AKIAEXAMPLEROOT00000',
  tags: {},
  sessionPolicies: [],
  userId: ACCOUNT,
};

/** A finished request as the pipeline leaves it; override any phase's findings. */
export function requestContext(over: Partial<RequestContext> = {}): RequestContext {
  return {
    requestId: '1dae0370-65ec-11e7-a770-6578d63de907',
    receivedAt: new Date('2017-07-11T03:50:44Z'),
    sourceIp: '205.251.233.179',
    userAgent: 'aws-internal/3',
    req: { method: 'POST', path: '/', query: '', headers: {}, body: Buffer.alloc(0) },
    internal: false,
    ...over,
  };
}

/** The plain record the gateway hands the recorder for such a request. */
export function callRecord(over: Partial<RequestContext> = {}): CallRecord {
  return callRecordOf(requestContext(over));
}
