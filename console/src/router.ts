import { useEffect, useState } from 'react';

/** A minimal History API router: the console's routes are few and flat. */
export const BASE = '/console';

export function navigate(path: string): void {
  window.history.pushState(null, '', BASE + path);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

export function usePath(): string {
  const [path, setPath] = useState(currentPath);
  useEffect(() => {
    const on = () => setPath(currentPath());
    window.addEventListener('popstate', on);
    return () => window.removeEventListener('popstate', on);
  }, []);
  return path;
}

function currentPath(): string {
  const p = window.location.pathname.slice(BASE.length) || '/';
  return p === '' ? '/' : p;
}

/** For Cloudscape links and buttons: follow in-app hrefs without a page load. */
export function follow(event: CustomEvent<{ href?: string; external?: boolean }>): void {
  const href = event.detail.href;
  if (!href || event.detail.external || !href.startsWith(BASE)) return;
  event.preventDefault();
  navigate(href.slice(BASE.length));
}
