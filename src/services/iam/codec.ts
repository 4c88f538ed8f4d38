import { model } from '../../protocol/generated/iam.js';
import { QueryCodec } from '../../protocol/aws-query/codec.js';
import type { Problem } from '../../protocol/validate.js';
import { ROOT_MFA_OPERATIONS, ROOT_USER_NAME } from './root-user.js';

/**
 * IAM's query codec, with one narrowing: in the root user's MFA calls the console names the root
 * user `AWS ROOT USER` (root-user.ts), which the user-name pattern refuses. The rest of the input is
 * checked as always; whether the caller may name the root user is the operation's to decide.
 */
class IamQueryCodec extends QueryCodec {
  protected override validate(operation: string, shape: string, input: Record<string, unknown>): Problem[] {
    if (ROOT_MFA_OPERATIONS.has(operation) && input['UserName'] === ROOT_USER_NAME)
      return super.validate(operation, shape, { ...input, UserName: 'root' });
    return super.validate(operation, shape, input);
  }
}

export const iamCodec = new IamQueryCodec(model);
