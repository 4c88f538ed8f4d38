/**
 * A repository this engine does not implement yet: any call fails, loudly, naming it. Transitional,
 * while the PostgreSQL repositories are written aggregate by aggregate; none of these is used by a
 * suite that runs on PostgreSQL.
 */
export function notYet<T extends object>(name: string): T {
  return new Proxy({} as T, {
    get(_target, prop) {
      if (prop === 'then') return undefined; // not a thenable
      return () => Promise.reject(new Error(`the PostgreSQL engine has no ${name} repository yet (${String(prop)})`));
    },
  });
}
