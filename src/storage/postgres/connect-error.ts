/**
 * Why the store could not open its PostgreSQL database, and what to do, without the URL's password.
 * Codes: Node's socket errors, and PostgreSQL's SQLSTATEs (Appendix A, "PostgreSQL Error Codes").
 */
export function connectError(url: string, err: unknown): Error {
  const where = describeTarget(url);
  const code = (err as { code?: string } | undefined)?.code;
  const reason = (err as Error | undefined)?.message ?? String(err);
  const hint =
    code === 'ECONNREFUSED' || code === 'ETIMEDOUT' || code === 'EHOSTUNREACH'
      ? 'check that PostgreSQL is running and accepts TCP connections there'
      : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
        ? 'the host name does not resolve: check the URL'
        : code === '28P01' || code === '28000'
          ? 'the server refused the credentials: check the user and password in the URL'
          : code === '3D000'
            ? 'create the database first (createdb), or name an existing one in the URL'
            : code === '42501'
              ? 'the user may not create tables: grant it CREATE on the database (migrations run at start)'
              : 'check --database / HSMTRAIL_DATABASE_URL';
  return Object.assign(new Error(`cannot open the PostgreSQL store at ${where}: ${reason} (${hint})`), { code, cause: err });
}

/** host:port/database of a postgres:// URL, never its password. */
export function describeTarget(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname || 'localhost'}:${u.port || 5432}${u.pathname || '/'}`;
  } catch {
    return '(an unparsable URL)';
  }
}
