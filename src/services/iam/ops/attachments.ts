import { managedPolicy } from '../../../identity/store/policies.js';
import type { Operation } from '../../service.js';
import { limitExceeded, noSuchEntity } from '../errors.js';
import { paginate } from '../pagination.js';
import { INLINE_KINDS } from './inline-policies.js';

/** IAM's default quota of managed policies attached to one user, group or role. */
const MAX_ATTACHED = 10;

/** Attach/Detach/ListAttached{User,Group,Role}Policies. */
export function attachmentOps(): Record<string, Operation> {
  const ops: Record<string, Operation> = {};
  for (const k of INLINE_KINDS) {
    const nameKey = `${k.noun}Name`;

    ops[`Attach${k.noun}Policy`] = async (input: Record<string, string>, call) => {
      const id = await k.idOf(call.tx, input[nameKey]!);
      const arn = input.PolicyArn!;
      if (!(await managedPolicy(call.tx, arn))) throw noSuchEntity(`Policy ${arn} does not exist or is not attachable.`);
      const attached = await call.tx.iamPolicies.attached(k.type, id);
      if (!attached.includes(arn) && attached.length >= MAX_ATTACHED) {
        throw limitExceeded(`Cannot exceed quota for PoliciesPer${k.noun}: ${MAX_ATTACHED}`);
      }
      await call.tx.iamPolicies.attach(k.type, id, arn);
      return {};
    };

    ops[`Detach${k.noun}Policy`] = async (input: Record<string, string>, call) => {
      const id = await k.idOf(call.tx, input[nameKey]!);
      if (!(await call.tx.iamPolicies.detach(k.type, id, input.PolicyArn!))) throw noSuchEntity(`Policy ${input.PolicyArn} was not found.`);
      return {};
    };

    ops[`ListAttached${k.noun}Policies`] = async (input: Record<string, string> & { MaxItems?: number }, call) => {
      const attached = [];
      for (const arn of await call.tx.iamPolicies.attached(k.type, await k.idOf(call.tx, input[nameKey]!))) {
        const p = await managedPolicy(call.tx, arn);
        if (input.PathPrefix && !p?.path.startsWith(input.PathPrefix)) continue;
        attached.push({ PolicyName: p?.name ?? arn.split('/').pop(), PolicyArn: arn });
      }
      const { page, ...more } = paginate(attached, input);
      return { AttachedPolicies: page, ...more };
    };
  }
  return ops;
}
