import type { Principal } from '../../identity/principal.js';

/** CloudTrail's `userIdentity` (the members hsmtrail's principals can produce). */
export interface UserIdentity {
  type: 'Root' | 'IAMUser' | 'AssumedRole' | 'AWSAccount' | 'Unknown';
  principalId?: string;
  arn?: string;
  accountId?: string;
  accessKeyId?: string;
  userName?: string;
  sessionContext?: {
    sessionIssuer?: { type: 'Role'; principalId: string; arn: string; accountId: string; userName: string };
    attributes: { creationDate: string; mfaAuthenticated: 'true' | 'false' };
    sourceIdentity?: string;
  };
}

/**
 * The verified principal as CloudTrail writes it (CloudTrail User Guide, "CloudTrail userIdentity element",
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html).
 * Member order follows real records; absent members are omitted, never null.
 */
export function userIdentityOf(p: Principal): UserIdentity {
  if (p.type === 'Anonymous') return { ...ANONYMOUS };
  const id: UserIdentity = { type: p.type, principalId: p.principalId, arn: p.arn, accountId: p.accountId, accessKeyId: p.accessKeyId };
  if (p.type === 'IAMUser' && p.userName) id.userName = p.userName;
  const session = p.sessionContext;
  if (session) {
    id.sessionContext = {
      ...(session.sessionIssuer && p.type === 'AssumedRole' ? { sessionIssuer: { ...session.sessionIssuer } } : {}),
      attributes: { creationDate: session.attributes.creationDate, mfaAuthenticated: session.attributes.mfaAuthenticated },
      ...(session.sourceIdentity ? { sourceIdentity: session.sourceIdentity } : {}),
    };
  }
  return id;
}

/**
 * An unsigned call, written as CloudTrail writes anonymous requests (Amazon S3 User Guide, "Identifying
 * Amazon S3 requests using CloudTrail": `userIdentity.accountId` is `anonymous`).
 */
const ANONYMOUS: UserIdentity = { type: 'AWSAccount', principalId: '', accountId: 'anonymous' };

/**
 * A request that failed authentication has no verified principal. CloudTrail types such callers
 * `Unknown` and keeps what it could tell: the access key id the request claimed and, when that key
 * exists, the account it belongs to. Nothing else about the key's owner is trusted or revealed.
 */
export function unknownIdentity(claimedAccessKeyId: string | undefined, accountOfKey: string | undefined): UserIdentity {
  const id: UserIdentity = { type: 'Unknown' };
  if (accountOfKey) id.accountId = accountOfKey;
  if (claimedAccessKeyId) id.accessKeyId = claimedAccessKeyId;
  return id;
}

/**
 * LookupEvents' `Username`: the IAM user name, the role session name for assumed roles, `root` for
 * the root user, as Event history shows them; none for unknown callers.
 */
export function lookupUsername(id: UserIdentity): string | undefined {
  switch (id.type) {
    case 'Root':
      return 'root';
    case 'IAMUser':
      return id.userName;
    case 'AssumedRole': {
      const colon = id.principalId?.indexOf(':') ?? -1;
      return colon >= 0 ? id.principalId!.slice(colon + 1) : id.arn?.split('/').pop();
    }
    default:
      return undefined;
  }
}
