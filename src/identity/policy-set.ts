import type { Principal } from './principal.js';
import { awsManagedPolicy, parsePolicy, type Policy } from './policy/index.js';
import type { IdentityStore } from './store/identity-store.js';
import type { EntityType } from './store/rows.js';

/** The compiled policies that apply to one principal. */
export interface PolicySet {
  identity: Policy[];
  session: Policy[];
}

const EMPTY: PolicySet = { identity: [], session: [] };

/**
 * Compiles each principal's policies once and keeps them until the identity store changes, so a
 * request pays only for evaluation. Users: inline + attached + their groups' inline + attached.
 * Role sessions: the role's inline + attached, plus the session policies passed to AssumeRole.
 */
export class PolicySetCache {
  private cache = new Map<string, PolicySet>();
  private cachedVersion = -1;
  private readonly documents = new Map<string, Policy>();

  constructor(private readonly store: IdentityStore) {}

  for(principal: Principal): PolicySet {
    if (principal.type === 'Root') return EMPTY;
    if (this.cachedVersion !== this.store.version) {
      this.cache = new Map();
      this.documents.clear();
      this.cachedVersion = this.store.version;
    }
    const key = principal.type === 'AssumedRole' ? principal.accessKeyId : principal.arn;
    let set = this.cache.get(key);
    if (!set) {
      set = this.compile(principal);
      this.cache.set(key, set);
    }
    return set;
  }

  private compile(p: Principal): PolicySet {
    const identity: Policy[] = [];
    if (p.type === 'IAMUser') {
      const user = this.store.entities.userById(p.userId);
      if (user) {
        this.addEntity(identity, 'user', user.userId);
        for (const g of this.store.entities.groupsOf(user.userId)) this.addEntity(identity, 'group', g.groupId);
      }
    } else if (p.type === 'AssumedRole') {
      const roleId = p.sessionContext?.sessionIssuer?.principalId;
      if (roleId && this.store.entities.roleById(roleId)) this.addEntity(identity, 'role', roleId);
    }
    const session = p.sessionPolicies.map((doc, i) => this.parse(doc, `session-policy-${i + 1}`));
    return { identity, session };
  }

  private addEntity(out: Policy[], type: EntityType, id: string): void {
    for (const inline of this.store.policies.inlineAll(type, id)) out.push(this.parse(inline.document, inline.name));
    for (const arn of this.store.policies.attached(type, id)) {
      const aws = awsManagedPolicy(arn);
      if (aws) out.push(aws);
      else {
        const doc = this.store.policies.defaultDocument(arn);
        if (doc) out.push(this.parse(doc, arn));
      }
    }
  }

  private parse(document: string, name: string): Policy {
    const key = `${name}\n${document}`;
    let policy = this.documents.get(key);
    if (!policy) {
      policy = parsePolicy(document, 'identity', { name });
      this.documents.set(key, policy);
    }
    return policy;
  }
}
