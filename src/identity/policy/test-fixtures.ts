/** Shared builders for the policy engine's table-driven tests. */
import { parsePolicy } from './parse.js';
import type { Policy, PolicyKind, RequestPrincipal } from './types.js';

export const ACCT = '123456789012';
export const OTHER = '210987654321';

export const alice: RequestPrincipal = {
  type: 'IAMUser',
  arn: `arn:aws:iam::${ACCT}:user/alice`,
  accountId: ACCT,
  userId: 'AIDAALICEEXAMPLE00001',
  username: 'alice',
  tags: { team: 'hsm', CostCenter: '42' },
};

export const opsSession: RequestPrincipal = {
  type: 'AssumedRole',
  arn: `arn:aws:sts::${ACCT}:assumed-role/Ops/s1`,
  roleArn: `arn:aws:iam::${ACCT}:role/ops/Ops`,
  accountId: ACCT,
  userId: 'AROAOPSEXAMPLE0000001:s1',
  tags: { team: 'platform' },
};

export const root: RequestPrincipal = { type: 'Root', arn: `arn:aws:iam::${ACCT}:root`, accountId: ACCT, userId: ACCT };

export const bob: RequestPrincipal = {
  type: 'IAMUser',
  arn: `arn:aws:iam::${OTHER}:user/bob`,
  accountId: OTHER,
  userId: 'AIDABOBEXAMPLE0000001',
  username: 'bob',
};

export type Stmt = Record<string, unknown>;

export function doc(statements: Stmt[], version = '2012-10-17'): string {
  return JSON.stringify({ Version: version, Statement: statements });
}

export const policy = (kind: PolicyKind, ...statements: Stmt[]): Policy => parsePolicy(doc(statements), kind);
export const idp = (...statements: Stmt[]): Policy => policy('identity', ...statements);
export const resp = (...statements: Stmt[]): Policy => policy('resource', ...statements);
export const trustp = (...statements: Stmt[]): Policy => policy('trust', ...statements);

export const allow = (Action: unknown, Resource: unknown = '*', extra: Stmt = {}): Stmt => ({
  Effect: 'Allow',
  Action,
  Resource,
  ...extra,
});
export const deny = (Action: unknown, Resource: unknown = '*', extra: Stmt = {}): Stmt => ({ Effect: 'Deny', Action, Resource, ...extra });
