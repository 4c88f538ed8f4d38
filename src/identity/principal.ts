/**
 * The one principal object per verified request. The audit trail turns it into `userIdentity`;
 * nothing downstream re-derives identity from headers.
 */
export type PrincipalType = 'Root' | 'IAMUser' | 'AssumedRole' | 'Anonymous';

export interface SessionIssuer {
  type: 'Role';
  principalId: string; // AROA...
  arn: string; // arn:aws:iam::ACCOUNT:role/NAME
  accountId: string;
  userName: string; // role name
}

export interface SessionContext {
  attributes: { creationDate: string; mfaAuthenticated: 'true' | 'false' };
  sessionIssuer?: SessionIssuer;
  sourceIdentity?: string;
}

export interface Principal {
  type: PrincipalType;
  /** Root: the account id. IAMUser: AIDA... AssumedRole: AROA...:session-name. */
  principalId: string;
  arn: string;
  accountId: string;
  accessKeyId: string;
  /** IAM user name (IAMUser) — absent for Root and AssumedRole as in CloudTrail. */
  userName?: string;
  /** Present for temporary credentials (STS GetSessionToken / AssumeRole). */
  sessionContext?: SessionContext;
  /** Principal tags (user or role tags plus session tags) for aws:PrincipalTag/*. */
  tags: Record<string, string>;
  /** Session tag keys that pass on to sessions this one assumes (role chaining). */
  transitiveTagKeys?: string[];
  /** Session policies passed to AssumeRole (JSON documents), which further restrict the session. */
  sessionPolicies: string[];
  /** Unique id for aws:userid (AIDA..., AROA...:session, or account id for root). */
  userId: string;
  /** IAM user or role name for aws:username (users only, as in AWS). */
  username?: string;
  /** Internal calls made by hsmtrail itself (delivery worker); never recorded as API calls. */
  internal?: boolean;
  /** Temporary credentials minted by a console sign-in (src/console): their calls carry sessionCredentialFromConsole. */
  consoleSession?: boolean;
}

/**
 * The caller of an unsigned request to one of the few operations AWS serves without a signature
 * (ServiceDefinition.anonymous: SNS's SubscribeURL and UnsubscribeURL). It holds no key and no
 * policy; the operation's input carries its proof (a confirmation token), which the handler checks.
 */
export function anonymousPrincipal(hostedAccountId: string): Principal {
  return {
    type: 'Anonymous',
    principalId: '',
    arn: '',
    accountId: hostedAccountId,
    accessKeyId: '',
    tags: {},
    sessionPolicies: [],
    userId: 'anonymous',
  };
}
