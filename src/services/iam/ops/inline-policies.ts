import { parsePolicy, sizeLimit } from '../../../identity/policy/index.js';
import type { EntityType } from '../../../identity/store/rows.js';
import type { Operation } from '../../service.js';
import { requireGroup, requireRole, requireUser, type IamDeps } from '../context.js';
import { noSuchEntity, policyError } from '../errors.js';
import { encodeDocument } from '../format.js';
import { paginate } from '../pagination.js';

interface Kind {
  type: EntityType;
  /** `User`, `Group`, `Role` as in the operation names. */
  noun: 'User' | 'Group' | 'Role';
  idOf(deps: IamDeps, name: string): string;
}

const KINDS: Kind[] = [
  { type: 'user', noun: 'User', idOf: (d, n) => requireUser(d.store, n).userId },
  { type: 'group', noun: 'Group', idOf: (d, n) => requireGroup(d.store, n).groupId },
  { type: 'role', noun: 'Role', idOf: (d, n) => requireRole(d.store, n).roleId },
];

/** Put/Get/List/Delete{User,Group,Role}Policy: one implementation, three entity kinds. */
export function inlinePolicyOps(deps: IamDeps): Record<string, Operation> {
  const ops: Record<string, Operation> = {};
  const { policies } = deps.store;
  for (const k of KINDS) {
    const nameKey = `${k.noun}Name`;
    const notFound = (policyName: string) => noSuchEntity(`The ${k.type} policy with name ${policyName} cannot be found.`);

    ops[`Put${k.noun}Policy`] = (input: Record<string, string>) => {
      const id = k.idOf(deps, input[nameKey]!);
      try {
        parsePolicy(input.PolicyDocument!, 'identity', { sizeLimit: sizeLimit(`${k.type}Inline`, input[nameKey]) });
      } catch (err) {
        policyError(err);
      }
      policies.putInline(k.type, id, input.PolicyName!, input.PolicyDocument!);
      return {};
    };

    ops[`Get${k.noun}Policy`] = (input: Record<string, string>) => {
      const policy = policies.inline(k.type, k.idOf(deps, input[nameKey]!), input.PolicyName!);
      if (!policy) throw notFound(input.PolicyName!);
      return { [nameKey]: input[nameKey], PolicyName: policy.name, PolicyDocument: encodeDocument(policy.document) };
    };

    ops[`List${k.noun}Policies`] = (input: Record<string, string> & { MaxItems?: number }) => {
      const names = policies.inlineAll(k.type, k.idOf(deps, input[nameKey]!)).map((p) => p.name);
      const { page, ...more } = paginate(names, input);
      return { PolicyNames: page, ...more };
    };

    ops[`Delete${k.noun}Policy`] = (input: Record<string, string>) => {
      if (!policies.deleteInline(k.type, k.idOf(deps, input[nameKey]!), input.PolicyName!)) throw notFound(input.PolicyName!);
      return {};
    };
  }
  return ops;
}

export { KINDS as INLINE_KINDS };
