import type { Authorizer } from '../gateway/deps.js';
import type { AuthorizationRequest } from '../services/service.js';
import type { Repositories } from '../storage/ports.js';
import type { AuthorizationCall } from './authorization-call.js';
import { deniedBy } from './access-denied.js';
import { checkSessionTokenLimits } from './session-token-limits.js';
import { PolicySetCache } from './policy-set.js';
import { evaluate, parsePolicy, requestPrincipalFrom, type ContextValue, type Policy } from './policy/index.js';
import type { LastUsedTracker } from './store/last-used.js';

const MAX_CACHED_RESOURCE_POLICIES = 1000;

/**
 * Evaluates every AuthorizationRequest of a call against the caller's policies (compiled once per
 * principal and store version), the resource or trust policy the service supplies, and the global
 * condition keys of the request. The first denial throws the protocol's access-denied error.
 */
export class PolicyAuthorizer implements Authorizer {
  private readonly resourcePolicies = new Map<string, Policy>();

  private readonly sets = new PolicySetCache();

  constructor(private readonly opts: { lastUsed?: LastUsedTracker } = {}) {}

  async authorize(call: AuthorizationCall, requests: AuthorizationRequest[], tx: Repositories): Promise<void> {
    const principal = call.principal;
    if (principal.internal) return;
    this.opts.lastUsed?.note(principal.accessKeyId, {
      date: call.time.toISOString(),
      service: call.service ?? '',
      region: call.region,
    });
    checkSessionTokenLimits(principal, call.service, call.operation);
    if (requests.length === 0) return;
    const set = await this.sets.for(tx, principal);
    const rp = requestPrincipalFrom(principal);
    const global = globalContext(call);
    for (const r of requests) {
      const decision = evaluate({
        action: r.action,
        resource: r.resource,
        principal: rp,
        context: r.context ? { ...global, ...r.context } : global,
        identityPolicies: set.identity,
        sessionPolicies: set.session,
        resourcePolicy: r.resourcePolicy ? this.resourcePolicy(r.resourcePolicy, r.action) : undefined,
        isRoot: principal.type === 'Root',
        resourceAccountId: r.resourceAccountId,
      });
      if (!decision.allowed) throw deniedBy(call.protocol, principal.arn, r.action, r.resource, decision, call.service);
    }
  }

  /** A policy guarding an sts: action is a role trust policy (AssumeRole, TagSession, SetSourceIdentity). */
  private resourcePolicy(document: string, action: string): Policy {
    const kind = /^sts:/i.test(action) ? 'trust' : 'resource';
    const key = `${kind}\n${document}`;
    let policy = this.resourcePolicies.get(key);
    if (!policy) {
      if (this.resourcePolicies.size >= MAX_CACHED_RESOURCE_POLICIES) this.resourcePolicies.clear();
      policy = parsePolicy(document, kind);
      this.resourcePolicies.set(key, policy);
    }
    return policy;
  }
}

/**
 * Global condition keys. aws:MultiFactorAuthPresent is present (false) only for temporary
 * credentials, as in AWS, where long-term keys leave it absent.
 */
function globalContext(call: AuthorizationCall): Record<string, ContextValue> {
  const { principal: p, time: at } = call;
  const out: Record<string, ContextValue> = {
    'aws:SourceIp': call.sourceIp,
    'aws:CurrentTime': at.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    'aws:EpochTime': String(Math.floor(at.getTime() / 1000)),
    'aws:SecureTransport': call.secureTransport ? 'true' : 'false',
    'aws:RequestedRegion': call.region,
  };
  if (p.sessionContext) {
    out['aws:MultiFactorAuthPresent'] = p.sessionContext.attributes.mfaAuthenticated;
    // MFA happens when the session is issued, so its age is the session's (IAM User Guide, "AWS global condition context keys").
    if (p.sessionContext.attributes.mfaAuthenticated === 'true')
      out['aws:MultiFactorAuthAge'] = String(
        Math.max(0, Math.floor((at.getTime() - Date.parse(p.sessionContext.attributes.creationDate)) / 1000)),
      );
    out['aws:TokenIssueTime'] = p.sessionContext.attributes.creationDate;
    if (p.sessionContext.sourceIdentity) out['aws:SourceIdentity'] = p.sessionContext.sourceIdentity;
  }
  return out;
}
