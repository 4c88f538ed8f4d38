import type { TlsDetails } from '../gateway/context.js';
import type { Gateway } from '../gateway/pipeline.js';
import type { IamAccount } from '../identity/account.js';
import type { HttpResponse } from '../protocol/http.js';
import type { Store } from '../storage/ports.js';
import { cloudTrailBucketPolicy } from '../audit/deliver/bucket-policy.js';
import { AwsBridge, ConsoleApiError, type BrowserConn } from './aws-bridge.js';
import { summaryText } from '../audit/validate/index.js';
import { validateTrail } from './integrity.js';
import { clearedCookie, csrfMatches, readCookie, SESSION_COOKIE, sessionCookie, SessionStore, type ConsoleSession } from './sessions.js';
import { PENDING_COOKIE, pendingCookie, PendingSignIns } from './pending-signins.js';
import { signIn, type SignInDeps } from './signin.js';
import { completeMfaSignIn } from './signin-mfa.js';
import { SECURITY_HEADERS, staticFile, text } from './static-files.js';
import { SignInThrottle, type ThrottleOptions } from './throttle.js';

/** One browser request to /console/..., its body already read. */
export interface ConsoleRequest {
  method: string;
  path: string;
  headers: Record<string, string | undefined>;
  body: Buffer;
  sourceIp: string;
  tls?: TlsDetails;
}

export interface ConsoleOptions {
  gateway: Gateway;
  store: Store;
  account: IamAccount;
  accountId: string;
  region: string;
  clock?: () => Date;
  throttle?: ThrottleOptions;
  appDir?: string;
}

const AWS_PATH = /^\/console\/api\/aws\/([a-z0-9]+)\/([A-Za-z0-9]+)$/;

/**
 * The console backend: sign-in, sign-out, the session, console actions (through AwsBridge, i.e.
 * the real gateway) and the SPA's files. It holds no authority of its own: what a session may do
 * is what IAM lets its temporary credentials do.
 */
export class ConsoleBackend {
  readonly sessions: SessionStore;
  private readonly pending: PendingSignIns;
  private readonly throttle: SignInThrottle;
  private readonly bridge: AwsBridge;
  private readonly clock: () => Date;

  constructor(private readonly opts: ConsoleOptions) {
    this.throttle = new SignInThrottle(opts.throttle);
    this.sessions = new SessionStore(opts.store, opts.account.box);
    this.pending = new PendingSignIns(opts.store, opts.account.box);
    // The endpoint only names the host the SDK signs for; requests never leave the process.
    this.bridge = new AwsBridge(opts.gateway, opts.region, 'http://127.0.0.1:4599');
    this.clock = opts.clock ?? (() => new Date());
  }

  async handle(req: ConsoleRequest): Promise<HttpResponse> {
    try {
      return await this.route(req);
    } catch (err) {
      if (err instanceof ConsoleApiError) return json(err.status, { error: { code: err.code, message: err.message } });
      throw err;
    }
  }

  private async route(req: ConsoleRequest): Promise<HttpResponse> {
    const { method, path } = req;
    if (!path.startsWith('/console/api/')) {
      if (method !== 'GET' && method !== 'HEAD') return text(405, 'Method Not Allowed');
      if (path === '/console') return { status: 302, headers: { location: '/console/' }, body: Buffer.alloc(0) };
      return staticFile(path, this.opts.appDir);
    }
    if (path === '/console/api/session' && method === 'GET') {
      const session = await this.session(req);
      return session
        ? json(200, view(session, this.opts.region))
        : json(401, { error: { code: 'NotSignedIn', message: 'Sign in to continue.' } });
    }
    if (method !== 'POST') return json(405, { error: { code: 'MethodNotAllowed', message: 'Method Not Allowed' } });
    if (!sameOrigin(req)) return json(403, { error: { code: 'InvalidOrigin', message: 'Cross-origin requests are refused.' } });
    if (path === '/console/api/signin') return this.signIn(req);
    if (path === '/console/api/signin/mfa') return this.signInMfa(req);

    const session = await this.session(req);
    if (!session) return json(401, { error: { code: 'NotSignedIn', message: 'Sign in to continue.' } });
    if (!csrfMatches(session, req.headers['x-csrf-token']))
      return json(403, { error: { code: 'InvalidCsrfToken', message: 'The request is missing a valid CSRF token.' } });
    if (path === '/console/api/signout') return this.signOut(req, session);
    const input = parseJson(req.body);
    if (!input) throw new ConsoleApiError(400, 'SerializationException', 'The request body must be a JSON object.');
    if (path === '/console/api/trail-bucket-policy')
      return json(200, { Policy: bucketPolicy(input, session.identity.accountId, this.opts.region) });
    if (path === '/console/api/validate-logs') {
      const report = await validateTrail(this.bridge, session.credentials, conn(req), timeRange(input));
      return json(200, { ...report, summaryText: summaryText(report) });
    }
    const m = AWS_PATH.exec(path);
    if (!m) return json(404, { error: { code: 'NotFound', message: 'Not Found' } });
    const output = await this.bridge.call(m[1]!, m[2]!, input, session.credentials, conn(req), targetRegion(req));
    return json(200, output);
  }

  private async signIn(req: ConsoleRequest): Promise<HttpResponse> {
    const body = parseJson(req.body);
    const accountId = typeof body?.accountId === 'string' ? body.accountId.trim() : '';
    const userName = typeof body?.userName === 'string' ? body.userName.trim() : '';
    const password = typeof body?.password === 'string' ? body.password : '';
    if (!/^\d{12}$/.test(accountId) || (userName !== '' && !/^[\w+=,.@-]{1,64}$/.test(userName))) {
      return json(400, { error: { code: 'ValidationError', message: 'Enter a 12-digit account ID and a valid user name.' } });
    }
    const result = await signIn(this.signInDeps(), { accountId, userName, password }, this.conn(req));
    if (result.ok === 'mfa') {
      // The second step: the browser holds only the pending sign-in's random id, in an httpOnly cookie.
      const id = await this.pending.create(result.pending);
      const maxAge = Math.floor((result.pending.expiresMs - this.clock().getTime()) / 1000);
      return json(200, { mfaRequired: true }, { 'set-cookie': pendingCookie(id, maxAge, !!req.tls) });
    }
    return this.started(req, result);
  }

  private async signInMfa(req: ConsoleRequest): Promise<HttpResponse> {
    const body = parseJson(req.body);
    const code = typeof body?.code === 'string' ? body.code.trim() : '';
    const id = readCookie(req.headers.cookie, PENDING_COOKIE);
    const pending = await this.pending.get(id, this.clock().getTime());
    if (!pending) return json(401, { error: { code: 'SignInExpired', message: 'Your sign-in has expired. Sign in again.' } });
    const result = await completeMfaSignIn({ ...this.signInDeps(), pending: this.pending }, id!, pending, code, this.conn(req));
    // On success the pending sign-in is gone from the store; its cookie names nothing and expires.
    return this.started(req, result);
  }

  private signInDeps(): SignInDeps {
    const { store, account, accountId, region } = this.opts;
    return { store, account, throttle: this.throttle, accountId, region };
  }

  private conn(req: ConsoleRequest) {
    return {
      sourceIp: req.sourceIp,
      userAgent: req.headers['user-agent'] ?? '',
      tls: req.tls,
      loginTo: `${origin(req)}/console/`,
      now: this.clock(),
    };
  }

  /** A finished sign-in: a new session cookie, or the failure as AWS words it. */
  private async started(req: ConsoleRequest, result: Awaited<ReturnType<typeof signIn>>): Promise<HttpResponse> {
    if (result.ok === 'mfa') throw new Error('unreachable: an MFA sign-in is finished by signInMfa');
    if (!result.ok) return json(result.status, { error: { code: result.code, message: result.message } });
    // A browser that signs in again gets a new session; the one its old cookie named ends now.
    const previousId = readCookie(req.headers.cookie, SESSION_COOKIE);
    const previous = await this.sessions.get(previousId, this.clock());
    if (previous) await this.end(previousId!, previous);
    const id = await this.sessions.create(result.session, this.clock());
    const maxAge = Math.floor((result.session.expiresAt.getTime() - this.clock().getTime()) / 1000);
    return json(200, view(result.session, this.opts.region), { 'set-cookie': sessionCookie(id, maxAge, !!req.tls) });
  }

  private async signOut(req: ConsoleRequest, session: ConsoleSession): Promise<HttpResponse> {
    await this.end(readCookie(req.headers.cookie, SESSION_COOKIE)!, session);
    return json(200, { signedOut: true }, { 'set-cookie': clearedCookie(!!req.tls) });
  }

  /** Ends a session on the server: the cookie stops working and so do its temporary credentials. */
  private async end(id: string, session: ConsoleSession): Promise<void> {
    await this.opts.store.write(async (tx) => {
      await this.sessions.delete(tx, id);
      await tx.iamKeys.deleteSession(session.credentials.accessKeyId);
    });
  }

  private session(req: ConsoleRequest): Promise<ConsoleSession | undefined> {
    return this.sessions.get(readCookie(req.headers.cookie, SESSION_COOKIE), this.clock());
  }
}

/** A page may call another region (a copied backup is listed in its destination): `x-hsmtrail-region`. */
function targetRegion(req: ConsoleRequest): string | undefined {
  const region = req.headers['x-hsmtrail-region'];
  if (region === undefined) return undefined;
  if (!/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/.test(region)) throw new ConsoleApiError(400, 'InvalidParameterValue', `Invalid region: ${region}`);
  return region;
}

function conn(req: ConsoleRequest): BrowserConn {
  return { sourceIp: req.sourceIp, userAgent: req.headers['user-agent'] ?? '', tls: req.tls };
}

/**
 * AWS's CloudTrail bucket policy for the trail the create page is about to make, from the same builder
 * as `hsmtrail trail bucket-policy`; the page writes it with PutBucketPolicy (IAM-checked, recorded).
 */
function bucketPolicy(input: Record<string, unknown>, accountId: string, region: string): string {
  const bucket = typeof input['Bucket'] === 'string' ? input['Bucket'] : '';
  const trailName = typeof input['TrailName'] === 'string' ? input['TrailName'] : '';
  const prefix = typeof input['Prefix'] === 'string' && input['Prefix'] !== '' ? input['Prefix'] : undefined;
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket) || !/^[\w.-]{3,128}$/.test(trailName))
    throw new ConsoleApiError(400, 'ValidationException', 'Enter a valid bucket name and trail name.');
  const trailArn = `arn:aws:cloudtrail:${region}:${accountId}:trail/${trailName}`;
  return cloudTrailBucketPolicy({ bucket, accountId, prefix, trailArn });
}

function timeRange(input: Record<string, unknown>) {
  const date = (v: unknown) => (typeof v === 'string' ? new Date(v) : new Date(NaN));
  const startTime = date(input['StartTime']);
  const endTime = input['EndTime'] === undefined ? new Date() : date(input['EndTime']);
  if (typeof input['TrailARN'] !== 'string' || Number.isNaN(startTime.getTime()) || Number.isNaN(endTime.getTime()))
    throw new ConsoleApiError(400, 'ValidationException', 'Choose a trail and a valid time range.');
  return { trailArn: input['TrailARN'], startTime, endTime };
}

/** What the SPA learns about its session: never the credentials. */
function view(s: ConsoleSession, region: string) {
  return {
    identity: s.identity,
    csrfToken: s.csrfToken,
    expiresAt: s.expiresAt.toISOString(),
    signedInAt: s.signedInAt.toISOString(),
    region,
  };
}

function origin(req: ConsoleRequest): string {
  return `${req.tls ? 'https' : 'http'}://${req.headers.host ?? 'localhost'}`;
}

/** Browsers send Origin on every POST; one that names another site is a cross-site request. */
function sameOrigin(req: ConsoleRequest): boolean {
  if (req.headers['sec-fetch-site'] === 'cross-site') return false;
  const o = req.headers.origin;
  return o === undefined || o === origin(req);
}

function parseJson(body: Buffer): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(body.length ? body.toString('utf8') : '{}');
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function json(status: number, value: unknown, extra: Record<string, string> = {}): HttpResponse {
  return {
    status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...SECURITY_HEADERS, ...extra },
    body: Buffer.from(JSON.stringify(value)),
  };
}
