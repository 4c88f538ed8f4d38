/**
 * Console password rules: the account password policy when one is set, else AWS's default policy.
 * The violation messages name the first rule a password breaks, in the order the policy lists them.
 */
import type { PasswordPolicyRow } from '../../identity/store/rows.js';
import { passwordPolicyViolation } from './errors.js';

/** The symbols RequireSymbols counts (IAM API Reference, UpdateAccountPasswordPolicy: RequireSymbols). */
const SYMBOLS = new Set("!@#$%^&*()_+-=[]{}|'");

const CLASSES = {
  uppercase: (c: string) => c >= 'A' && c <= 'Z',
  lowercase: (c: string) => c >= 'a' && c <= 'z',
  number: (c: string) => c >= '0' && c <= '9',
  symbol: (c: string) => SYMBOLS.has(c),
};

const has = (password: string, test: (c: string) => boolean) => [...password].some(test);

/**
 * AWS's default password policy, applied when the account has none (IAM User Guide, "Set an account
 * password policy for IAM users", Default password policy): at least 8 characters, at least three of
 * uppercase letters, lowercase letters, numbers and symbols, and not identical to the account name or
 * email address. hsmtrail accounts have neither, so the closest name, the user's, stands in for them.
 */
function checkDefault(password: string, userName: string): void {
  if (password.length < 8) throw passwordPolicyViolation('Password should have a minimum length of 8');
  const kinds = Object.values(CLASSES).filter((test) => has(password, test)).length;
  if (kinds < 3) {
    throw passwordPolicyViolation('Password should have at least three of the following: uppercase letters, lowercase letters, numbers, and symbols');
  }
  if (password.toLowerCase() === userName.toLowerCase()) throw passwordPolicyViolation('Password should not be the same as the user name');
}

/** Throws PasswordPolicyViolation unless the password meets the account's policy (or the default one). */
export function checkPassword(password: string, policy: PasswordPolicyRow | undefined, userName: string): void {
  if (!policy) return checkDefault(password, userName);
  if (password.length < policy.minimumPasswordLength) {
    throw passwordPolicyViolation(`Password should have a minimum length of ${policy.minimumPasswordLength}`);
  }
  if (policy.requireUppercaseCharacters && !has(password, CLASSES.uppercase)) throw passwordPolicyViolation('Password should have at least one uppercase letter');
  if (policy.requireLowercaseCharacters && !has(password, CLASSES.lowercase)) throw passwordPolicyViolation('Password should have at least one lowercase letter');
  if (policy.requireNumbers && !has(password, CLASSES.number)) throw passwordPolicyViolation('Password should have at least one number');
  if (policy.requireSymbols && !has(password, CLASSES.symbol)) throw passwordPolicyViolation('Password should have at least one symbol');
}

/** Whether a password set at `setAt` has outlived the policy's MaxPasswordAge (days) at `now`. */
export function passwordExpired(policy: PasswordPolicyRow | undefined, setAt: string, now: Date): boolean {
  if (!policy?.maxPasswordAge) return false;
  return now.getTime() - Date.parse(setAt) >= policy.maxPasswordAge * 86_400_000;
}
