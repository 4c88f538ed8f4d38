import type http from 'node:http';
import type { HttpResponse } from '../protocol/http.js';
import { CERTIFICATE_PATH } from '../services/sns/signing.js';
import type { Store } from '../storage/ports.js';

/**
 * The certificates SNS notifications name in SigningCertURL, served by plain GET without SigV4, as AWS serves
 * its own (SNS Developer Guide, "Verifying the signatures of Amazon SNS messages").
 */
export function snsCertificateRoute(store: Store) {
  return (req: http.IncomingMessage): Promise<HttpResponse> | undefined => {
    const m = CERTIFICATE_PATH.exec(req.url ?? '');
    if (!m || (req.method !== 'GET' && req.method !== 'HEAD')) return undefined;
    return store
      .read((tx) => tx.snsSigningKeys.byId(m[1]!))
      .then((key) =>
        key
          ? { status: 200, headers: { 'content-type': 'application/x-pem-file' }, body: Buffer.from(key.certificatePem) }
          : { status: 404, headers: { 'content-type': 'text/plain' }, body: Buffer.from('Not Found') },
      );
  };
}
