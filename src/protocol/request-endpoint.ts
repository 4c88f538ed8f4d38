/**
 * The endpoint a request was sent to (`http(s)://host`), attached to its parsed input under a symbol: services
 * that answer with URLs naming this server (SQS queue URLs) read it without seeing HTTP. A symbol key is not
 * enumerable by Object.entries or JSON, so validation and audit never see it.
 *
 * Transitional: this belongs on CallContext (src/services/service.ts), which this change may not touch.
 */
export const REQUEST_ENDPOINT: unique symbol = Symbol('hsmtrail.requestEndpoint');

export function attachEndpoint(input: Record<string, unknown>, host: string | undefined, secure: boolean): void {
  if (!host) return;
  Object.defineProperty(input, REQUEST_ENDPOINT, { value: `${secure ? 'https' : 'http'}://${host}`, enumerable: false });
}

export function endpointOf(input: object): string | undefined {
  return (input as { [REQUEST_ENDPOINT]?: string })[REQUEST_ENDPOINT];
}
