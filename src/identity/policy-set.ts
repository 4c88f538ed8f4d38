import type { Repositories } from '../storage/ports.js';
import type { Principal } from './principal.js';
import { awsManagedPolicy, parsePolicy, type Policy } from './policy/index.js';
import { defaultDocument } from './store/policies.js';
import type { EntityType } from './store/rows.js';
import { VersionedCache } from './store/versioned-cache.js';

/** The compiled policies that apply to one principal. */
export interface PolicySet {
  identity: Policy[];
  session: Policy[];
}

const EMPTY: PolicySet = { identity: [], session: [] };
const MAX_DOCUMENTS = 10_000;

/**
 * Compiles each principal's policies once per authorization version, so a request pays only for
 * evaluation. Users: inline + attached + their groups' inline + attached. Role sessions: the role's
 * inline + attached, plus the session policies passed to AssumeRole.
 */
export class PolicySetCache {
  private readonly sets = new VersionedCache<PolicySet>();
  /** Parsed documents, keyed by name and text: valid whatever the version. */
  private readonly documents = new Map<string, Policy>();

  async for(tx: Repositories, principal: Principal): Promise<PolicySet> {
    if (principal.type === 'Root') return EMPTY;
    const key = principal.type === 'AssumedRole' ? principal.accessKeyId : principal.arn;
    return (await this.sets.get(tx, key, () => this.compile(tx, principal)))!;
  }

  private async compile(tx: Repositories, p: Principal): Promise<PolicySet> {
    const identity: Policy[] = [];
    if (p.type === 'IAMUser') {
      const user = await tx.iamEntities.userById(p.userId);
      if (user) {
        await this.addEntity(tx, identity, 'user', user.userId);
        for (const g of await tx.iamEntities.groupsOf(user.userId)) await this.addEntity(tx, identity, 'group', g.groupId);
      }
    } else if (p.type === 'AssumedRole') {
      const roleId = p.sessionContext?.sessionIssuer?.principalId;
      if (roleId && (await tx.iamEntities.roleById(roleId))) await this.addEntity(tx, identity, 'role', roleId);
    }
    const session = p.sessionPolicies.map((doc, i) => this.parse(doc, `session-policy-${i + 1}`));
    return { identity, session };
  }

  private async addEntity(tx: Repositories, out: Policy[], type: EntityType, id: string): Promise<void> {
    for (const inline of await tx.iamPolicies.inlineAll(type, id)) out.push(this.parse(inline.document, inline.name));
    for (const arn of await tx.iamPolicies.attached(type, id)) {
      const aws = awsManagedPolicy(arn);
      if (aws) out.push(aws);
      else {
        const doc = await defaultDocument(tx, arn);
        if (doc) out.push(this.parse(doc, arn));
      }
    }
  }

  private parse(document: string, name: string): Policy {
    const key = `${name}\n${document}`;
    let policy = this.documents.get(key);
    if (!policy) {
      if (this.documents.size >= MAX_DOCUMENTS) this.documents.clear();
      policy = parsePolicy(document, 'identity', { name });
      this.documents.set(key, policy);
    }
    return policy;
  }
}
