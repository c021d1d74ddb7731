import { createContext, useContext, useEffect, useState, type ReactNode, type MouseEvent } from 'react';

/** A small history router under /dashboard/: the path after it is the page. */
const BASE = '/dashboard';
const RouteContext = createContext<{ path: string; navigate: (to: string) => void }>({ path: '/', navigate: () => undefined });

const currentPath = () => window.location.pathname.replace(/^\/dashboard/, '') || '/';

export function Router({ children }: { children: ReactNode }) {
  const [path, setPath] = useState(currentPath);
  useEffect(() => {
    const onPop = () => setPath(currentPath());
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const navigate = (to: string) => {
    window.history.pushState(null, '', `${BASE}${to}`);
    setPath(to.split('?')[0]!);
    window.scrollTo(0, 0);
  };
  return <RouteContext.Provider value={{ path, navigate }}>{children}</RouteContext.Provider>;
}

export const useRoute = () => useContext(RouteContext);

export function Link({ to, children, className }: { to: string; children: ReactNode; className?: string }) {
  const { navigate, path } = useRoute();
  const onClick = (e: MouseEvent) => {
    if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    navigate(to);
  };
  const active = path === to || (to !== '/' && path.startsWith(`${to}/`));
  return (
    <a href={`${BASE}${to}`} onClick={onClick} className={className} aria-current={active ? 'page' : undefined}>
      {children}
    </a>
  );
}

/** Matches `pattern` like "/jobs/:id" against the path; returns the params or null. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split('/');
  const a = path.split('/');
  if (p.length !== a.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    if (p[i]!.startsWith(':')) params[p[i]!.slice(1)] = decodeURIComponent(a[i]!);
    else if (p[i] !== a[i]) return null;
  }
  return params;
}
