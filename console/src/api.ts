/**
 * The browser side of the console backend. The session lives in an httpOnly cookie the page cannot
 * read; the CSRF token is kept in memory only (never in storage) and sent on every POST.
 */
export interface Identity {
  type: 'Root' | 'IAMUser';
  accountId: string;
  userName?: string;
  arn: string;
  mfaUsed: boolean;
}

export interface SessionView {
  identity: Identity;
  csrfToken: string;
  expiresAt: string;
  signedInAt: string;
  region: string;
}

/** An AWS error as the API returned it: code and message are AWS's own. */
export class AwsError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

let csrfToken = '';
let onSignedOut: () => void = () => {};

export function setSession(s: SessionView | undefined): void {
  csrfToken = s?.csrfToken ?? '';
}

export function whenSignedOut(fn: () => void): void {
  onSignedOut = fn;
}

async function post<T>(path: string, body: unknown, extra: Record<string, string> = {}): Promise<T> {
  const res = await fetch(path, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken, ...extra },
    body: JSON.stringify(body),
  });
  const data = (await res.json().catch(() => ({}))) as { error?: { code: string; message: string } };
  if (!res.ok) {
    const err = new AwsError(res.status, data.error?.code ?? 'InternalFailure', data.error?.message ?? res.statusText);
    if (res.status === 401 && err.code === 'NotSignedIn') onSignedOut();
    throw err;
  }
  return data as T;
}

export async function currentSession(): Promise<SessionView | undefined> {
  const res = await fetch('/console/api/session', { credentials: 'same-origin' });
  if (!res.ok) return undefined;
  return (await res.json()) as SessionView;
}

/** A session, or `mfaRequired`: the password was right and the MFA code is the second step. */
export function signIn(accountId: string, userName: string, password: string): Promise<SessionView | { mfaRequired: true }> {
  return post<SessionView | { mfaRequired: true }>('/console/api/signin', { accountId, userName, password });
}

/** The second step: the pending sign-in is named by an httpOnly cookie; only the code is sent. */
export function signInMfa(code: string): Promise<SessionView> {
  return post<SessionView>('/console/api/signin/mfa', { code });
}

export function signOut(): Promise<unknown> {
  return post('/console/api/signout', {});
}

/** One AWS API call, made by the backend with this session's temporary credentials. */
export function aws<T = Record<string, unknown>>(
  service: 'cloudhsmv2' | 'cloudtrail' | 'ec2' | 'iam' | 's3' | 'sts' | 'hsmtrail',
  operation: string,
  input: object = {},
  opts: { region?: string } = {},
): Promise<T> {
  return post<T>(`/console/api/aws/${service}/${operation}`, input, opts.region ? { 'x-hsmtrail-region': opts.region } : {});
}

/** A console backend action that is not one AWS call (its reads still go through the gateway). */
export function consoleApi<T>(action: 'trail-bucket-policy' | 'validate-logs', input: object): Promise<T> {
  return post<T>(`/console/api/${action}`, input);
}
