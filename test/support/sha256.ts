import { Hash } from '@smithy/hash-node';

/**
 * The SHA-256 constructor @smithy/signature-v4 expects, over node:crypto (as the SDK itself uses).
 * Typed loosely: @smithy/hash-node and @smithy/signature-v4 may resolve different @smithy/types copies.
 */
export const Sha256: any = Hash.bind(null, 'sha256');
