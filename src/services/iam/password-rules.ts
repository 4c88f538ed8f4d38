/**
 * Console password rules: the account password policy when one is set, else AWS's default policy.
 * The violation messages name the first rule a password breaks, in the order the policy lists them.
 */
import type { PasswordPolicyRow } from '../../identity/store/rows.js';
import { passwordPolicyViolation } from './errors.js';

/** The symbols RequireSymbols counts (IAM API Reference, UpdateAccountPasswordPolicy: RequireSymbols). */
const SYMBOLS = new Set("!@#$%^&*()_+-=[]{}|'");

/** The character classes, in the order IAM lists them, with the requirement IAM words for each. */
const CLASSES = [
  { test: (c: string) => c >= 'A' && c <= 'Z', rule: 'Password should have at least one uppercase letter' },
  { test: (c: string) => c >= 'a' && c <= 'z', rule: 'Password should have at least one lowercase letter' },
  { test: (c: string) => c >= '0' && c <= '9', rule: 'Password should have at least one number' },
  { test: (c: string) => SYMBOLS.has(c), rule: 'Password should have at least one symbol' },
] as const;
const [UPPER, LOWER, NUMBER, SYMBOL] = CLASSES;

const has = (password: string, test: (c: string) => boolean) => [...password].some(test);

/**
 * AWS's default password policy, applied when the account has none (IAM User Guide, "Set an account
 * password policy for IAM users", Default password policy): at least 8 characters, at least three of
 * uppercase letters, lowercase letters, numbers and symbols, and not identical to the account name or
 * email address. hsmtrail accounts have neither, so the closest name, the user's, stands in for them.
 * A password short of three kinds is told how many more it needs and which kinds it lacks.
 */
function checkDefault(password: string, userName: string): void {
  if (password.length < 8) throw passwordPolicyViolation('Password should have a minimum length of 8');
  const missing = CLASSES.filter((k) => !has(password, k.test)).map((k) => k.rule);
  const short = 3 - (CLASSES.length - missing.length);
  if (short > 0) throw passwordPolicyViolation(`Password should meet ${short} more of the following requirements: ${missing.join(', ')}`);
  if (password.toLowerCase() === userName.toLowerCase()) throw passwordPolicyViolation('Password should not be the same as the user name');
}

/** Throws PasswordPolicyViolation unless the password meets the account's policy (or the default one). */
export function checkPassword(password: string, policy: PasswordPolicyRow | undefined, userName: string): void {
  if (!policy) return checkDefault(password, userName);
  if (password.length < policy.minimumPasswordLength) {
    throw passwordPolicyViolation(`Password should have a minimum length of ${policy.minimumPasswordLength}`);
  }
  const required = [
    policy.requireUppercaseCharacters && UPPER,
    policy.requireLowercaseCharacters && LOWER,
    policy.requireNumbers && NUMBER,
    policy.requireSymbols && SYMBOL,
  ];
  for (const k of required) if (k && !has(password, k.test)) throw passwordPolicyViolation(k.rule);
}

/** Whether a password set at `setAt` has outlived the policy's MaxPasswordAge (days) at `now`. */
export function passwordExpired(policy: PasswordPolicyRow | undefined, setAt: string, now: Date): boolean {
  if (!policy?.maxPasswordAge) return false;
  return now.getTime() - Date.parse(setAt) >= policy.maxPasswordAge * 86_400_000;
}
