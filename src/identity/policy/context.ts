/**
 * The request context: condition keys by lowercased name, plus the global keys IAM derives from the
 * principal (aws:username, aws:userid, aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalType,
 * aws:PrincipalTag/*). Keys the caller supplies win. Time keys (aws:CurrentTime, aws:EpochTime),
 * aws:SourceIp and aws:SecureTransport come from the caller, which keeps this module pure.
 */
import type { ConditionContext } from './conditions.js';
import type { ContextValue, RequestPrincipal } from './types.js';

const PRINCIPAL_TYPE: Record<RequestPrincipal['type'], string> = {
  Root: 'Account',
  IAMUser: 'User',
  AssumedRole: 'AssumedRole',
  FederatedUser: 'FederatedUser',
};

export class RequestContext implements ConditionContext {
  private readonly values = new Map<string, string | string[]>();

  constructor(principal: RequestPrincipal | undefined, context: Record<string, ContextValue> | undefined) {
    if (principal) this.addPrincipalKeys(principal);
    for (const key in context) {
      const value = context[key];
      if (value !== undefined) this.values.set(key.toLowerCase(), value);
    }
  }

  private addPrincipalKeys(p: RequestPrincipal): void {
    const set = (k: string, v: string | undefined): void => {
      if (v !== undefined) this.values.set(k, v);
    };
    set('aws:userid', p.userId);
    set('aws:username', p.type === 'IAMUser' ? p.username : undefined);
    set('aws:principalarn', p.roleArn ?? p.arn);
    set('aws:principalaccount', p.accountId);
    set('aws:principaltype', PRINCIPAL_TYPE[p.type]);
    for (const tag in p.tags) set(`aws:principaltag/${tag.toLowerCase()}`, p.tags[tag]);
  }

  get(key: string): string | string[] | undefined {
    return this.values.get(key);
  }

  /** Variable values: single-valued keys only; a list cannot be substituted into a string. */
  readonly lookup = (key: string): string | undefined => {
    const v = this.values.get(key);
    if (typeof v === 'string') return v;
    return v?.length === 1 ? v[0] : undefined;
  };
}
