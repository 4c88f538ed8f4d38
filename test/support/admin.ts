import { ADMIN_SIGNING_NAME, ADMIN_TARGET_PREFIX } from '../../src/services/admin/model.js';
import type { GatewayHarness, RawResponse } from './gateway.js';

/** One hsmtrail admin API call through the in-process gateway, SigV4-signed (root's keys unless told). */
export async function adminCall(
  h: GatewayHarness,
  operation: string,
  input: Record<string, unknown>,
  credentials?: GatewayHarness['credentials'],
): Promise<RawResponse & { json: Record<string, any> }> {
  const req = await h.sign(
    {
      method: 'POST',
      path: '/',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `${ADMIN_TARGET_PREFIX}.${operation}` },
      body: Buffer.from(JSON.stringify(input)),
    },
    ADMIN_SIGNING_NAME,
    credentials,
  );
  const res = await h.send(req);
  return { ...res, json: res.body ? JSON.parse(res.body) : {} };
}

/** What `hsmtrail console set-root-password` does: hsmtrail:SetRootPassword; throws unless it succeeded. */
export async function setRootPassword(h: GatewayHarness, password: string): Promise<void> {
  const res = await adminCall(h, 'SetRootPassword', { Password: password });
  if (res.status !== 200) throw new Error(`SetRootPassword: ${res.status} ${res.body}`);
}
