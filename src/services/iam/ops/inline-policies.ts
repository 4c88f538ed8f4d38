import { parsePolicy, sizeLimit } from '../../../identity/policy/index.js';
import type { EntityType } from '../../../identity/store/rows.js';
import type { Tx } from '../../../storage/ports.js';
import type { Operation } from '../../service.js';
import { requireGroup, requireRole, requireUser } from '../context.js';
import { noSuchEntity, policyError } from '../errors.js';
import { encodeDocument } from '../format.js';
import { paginate } from '../pagination.js';

interface Kind {
  type: EntityType;
  /** `User`, `Group`, `Role` as in the operation names. */
  noun: 'User' | 'Group' | 'Role';
  idOf(tx: Tx, name: string): Promise<string>;
}

const KINDS: Kind[] = [
  { type: 'user', noun: 'User', idOf: async (tx, n) => (await requireUser(tx, n)).userId },
  { type: 'group', noun: 'Group', idOf: async (tx, n) => (await requireGroup(tx, n)).groupId },
  { type: 'role', noun: 'Role', idOf: async (tx, n) => (await requireRole(tx, n)).roleId },
];

/** Put/Get/List/Delete{User,Group,Role}Policy: one implementation, three entity kinds. */
export function inlinePolicyOps(): Record<string, Operation> {
  const ops: Record<string, Operation> = {};
  for (const k of KINDS) {
    const nameKey = `${k.noun}Name`;
    const notFound = (policyName: string) => noSuchEntity(`The ${k.type} policy with name ${policyName} cannot be found.`);

    ops[`Put${k.noun}Policy`] = async (input: Record<string, string>, call) => {
      const id = await k.idOf(call.tx, input[nameKey]!);
      try {
        parsePolicy(input.PolicyDocument!, 'identity', { sizeLimit: sizeLimit(`${k.type}Inline`, input[nameKey]) });
      } catch (err) {
        policyError(err);
      }
      await call.tx.iamPolicies.putInline(k.type, id, input.PolicyName!, input.PolicyDocument!);
      return {};
    };

    ops[`Get${k.noun}Policy`] = async (input: Record<string, string>, call) => {
      const policy = await call.tx.iamPolicies.inline(k.type, await k.idOf(call.tx, input[nameKey]!), input.PolicyName!);
      if (!policy) throw notFound(input.PolicyName!);
      return { [nameKey]: input[nameKey], PolicyName: policy.name, PolicyDocument: encodeDocument(policy.document) };
    };

    ops[`List${k.noun}Policies`] = async (input: Record<string, string> & { MaxItems?: number }, call) => {
      const names = (await call.tx.iamPolicies.inlineAll(k.type, await k.idOf(call.tx, input[nameKey]!))).map((p) => p.name);
      const { page, ...more } = paginate(names, input);
      return { PolicyNames: page, ...more };
    };

    ops[`Delete${k.noun}Policy`] = async (input: Record<string, string>, call) => {
      const id = await k.idOf(call.tx, input[nameKey]!);
      if (!(await call.tx.iamPolicies.deleteInline(k.type, id, input.PolicyName!))) throw notFound(input.PolicyName!);
      return {};
    };
  }
  return ops;
}

export { KINDS as INLINE_KINDS };
