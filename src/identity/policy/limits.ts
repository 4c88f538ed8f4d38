/**
 * IAM policy size quotas (IAM User Guide, "IAM and AWS STS quotas"). IAM does not count white space
 * towards these limits. The messages are the ones IAM returns with `LimitExceeded`.
 */

export type SizeLimitedDocument = 'managed' | 'userInline' | 'roleInline' | 'groupInline' | 'trust';

export interface SizeLimit {
  maxChars: number;
  code: 'LimitExceeded' | 'MalformedPolicyDocument';
  message: string;
}

const MAX_CHARS: Record<SizeLimitedDocument, number> = {
  managed: 6144,
  userInline: 2048,
  roleInline: 10240,
  groupInline: 5120,
  trust: 2048,
};

/** The default quota for one kind of document; `entityName` is the user/role/group for inline ones. */
export function sizeLimit(document: SizeLimitedDocument, entityName = ''): SizeLimit {
  const maxChars = MAX_CHARS[document];
  const message =
    document === 'managed'
      ? `Cannot exceed quota for PolicySize: ${maxChars}`
      : document === 'trust'
        ? `Cannot exceed quota for ACLSizePerRole: ${maxChars}`
        : `Maximum policy size of ${maxChars} bytes exceeded for ${document.replace('Inline', '')} ${entityName}`;
  return { maxChars, code: 'LimitExceeded', message };
}

/** Size as IAM counts it: characters other than white space. */
export function policySize(document: string): number {
  let n = 0;
  for (let i = 0; i < document.length; i++) {
    const c = document.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) n++;
  }
  return n;
}
