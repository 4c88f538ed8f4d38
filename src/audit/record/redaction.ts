import type { Shape } from '../../protocol/model.js';

/** CloudTrail's masking token for a sensitive value it will not log. */
export const HIDDEN = 'HIDDEN_DUE_TO_SECURITY_REASONS';

/**
 * Members CloudTrail leaves out entirely rather than masking: a secret access key appears only in
 * the response that creates it (IAM CreateAccessKey, STS credentials), never in a record; so do a
 * virtual MFA device's seed and QR code (CreateVirtualMFADevice's record names only the serial
 * number) and the one-time codes that enable, resync or use a device.
 */
const OMITTED = new Set(['secretaccesskey', 'base32stringseed', 'qrcodepng', 'authenticationcode1', 'authenticationcode2', 'tokencode']);

/**
 * Members masked by name, for models that do not flag them `sensitive` and for calls whose shape is
 * unknown (failures before parse). Policy documents are deliberately not here: CloudTrail logs them.
 */
const MASKED = new Set([
  'sessiontoken',
  'password',
  'newpassword',
  'oldpassword',
  'precopassword',
  'privatekey',
  'clusterkey',
  'ssecustomerkey',
  'copysourcessecustomerkey',
  'samlassertion',
  'webidentitytoken',
]);

export type Redaction = 'keep' | 'hide' | 'omit';

/**
 * The one place that decides what of a request or response a record may contain. `name` is the
 * member name as the model spells it; `shape` is its target shape when the model is known.
 */
export function redaction(name: string, shape?: Shape): Redaction {
  const key = name.toLowerCase();
  if (OMITTED.has(key)) return 'omit';
  if (MASKED.has(key) || shape?.sensitive) return 'hide';
  return 'keep';
}
