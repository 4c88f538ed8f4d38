/** Receipt handles: opaque to clients, a new one per receive; they name the message they were issued for. */
import { randomBytes } from 'node:crypto';
import { receiptHandleIsInvalid } from './errors.js';

export function newReceiptHandle(messageId: string): string {
  return Buffer.from(`${messageId}:${randomBytes(12).toString('hex')}`).toString('base64url');
}

/** The message id a handle names, or ReceiptHandleIsInvalid. */
export function messageIdOf(handle: string): string {
  const m = /^([0-9a-f-]{36}):[0-9a-f]{24}$/.exec(Buffer.from(handle, 'base64url').toString('utf8'));
  if (!m) throw receiptHandleIsInvalid(handle);
  return m[1]!;
}
