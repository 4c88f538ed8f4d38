import type { Operation } from '../../service.js';
import type { IamDeps } from '../context.js';
import { limitExceeded, noSuchEntity } from '../errors.js';
import { paginate } from '../pagination.js';
import { INLINE_KINDS } from './inline-policies.js';

/** IAM's default quota of managed policies attached to one user, group or role. */
const MAX_ATTACHED = 10;

/** Attach/Detach/ListAttached{User,Group,Role}Policies. */
export function attachmentOps(deps: IamDeps): Record<string, Operation> {
  const ops: Record<string, Operation> = {};
  const { policies } = deps.store;
  for (const k of INLINE_KINDS) {
    const nameKey = `${k.noun}Name`;

    ops[`Attach${k.noun}Policy`] = (input: Record<string, string>) => {
      const id = k.idOf(deps, input[nameKey]!);
      const arn = input.PolicyArn!;
      if (!policies.managed(arn)) throw noSuchEntity(`Policy ${arn} does not exist or is not attachable.`);
      const attached = policies.attached(k.type, id);
      if (!attached.includes(arn) && attached.length >= MAX_ATTACHED) {
        throw limitExceeded(`Cannot exceed quota for PoliciesPer${k.noun}: ${MAX_ATTACHED}`);
      }
      policies.attach(k.type, id, arn);
      return {};
    };

    ops[`Detach${k.noun}Policy`] = (input: Record<string, string>) => {
      const id = k.idOf(deps, input[nameKey]!);
      if (!policies.detach(k.type, id, input.PolicyArn!)) throw noSuchEntity(`Policy ${input.PolicyArn} was not found.`);
      return {};
    };

    ops[`ListAttached${k.noun}Policies`] = (input: Record<string, string> & { MaxItems?: number }) => {
      const attached = policies
        .attached(k.type, k.idOf(deps, input[nameKey]!))
        .map((arn) => ({ PolicyName: policies.managed(arn)?.name ?? arn.split('/').pop(), PolicyArn: arn }))
        .filter((p) => !input.PathPrefix || policies.managed(p.PolicyArn)?.path.startsWith(input.PathPrefix));
      const { page, ...more } = paginate(attached, input);
      return { AttachedPolicies: page, ...more };
    };
  }
  return ops;
}
