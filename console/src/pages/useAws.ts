import { useCallback, useEffect, useRef, useState } from 'react';

/** Runs a read; re-runs on `reload()` and every `pollMs` while `poll` says so (states change live). */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[], opts: { pollMs?: number; poll?: (v: T) => boolean; initial?: T } = {}) {
  const [value, setValue] = useState<T | undefined>(opts.initial);
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(opts.initial === undefined);
  const seq = useRef(0);
  const reload = useCallback(async () => {
    const mine = ++seq.current;
    try {
      const v = await load();
      if (mine === seq.current) {
        setValue(v);
        setError(undefined);
      }
    } catch (err) {
      if (mine === seq.current) setError(err);
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  }, deps);
  useEffect(() => {
    // A value handed over by the previous page (a create's response) is shown first, then polled.
    if (opts.initial !== undefined) return;
    setLoading(true);
    void reload();
  }, [reload]);
  useEffect(() => {
    if (!opts.pollMs || value === undefined || !opts.poll?.(value)) return;
    const t = setTimeout(() => void reload(), opts.pollMs);
    return () => clearTimeout(t);
  }, [value, reload, opts.pollMs, opts.poll]);
  return { value, error, loading, reload };
}
