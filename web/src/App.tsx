/** Application shell: skip link, header with navigation, routed main content, footer. */
import { useEffect, useRef } from 'react';
import { AgencyPage } from './pages/AgencyPage.tsx';
import { HomePage } from './pages/HomePage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { RegistryPage } from './pages/RegistryPage.tsx';
import { SignInPage } from './pages/SignInPage.tsx';
import { Link, matchPath, usePath } from './router.tsx';
import { useSession } from './session.tsx';

function Routes({ path }: { path: string }) {
  if (path === '/' || path === '') return <RegistryPage />;
  const agency = matchPath('/agencies/:id', path);
  if (agency?.id) return <AgencyPage key={agency.id} agencyId={agency.id} />;
  if (matchPath('/sign-in', path)) return <SignInPage />;
  if (matchPath('/home', path)) return <HomePage />;
  return <NotFoundPage />;
}

function Header({ path }: { path: string }) {
  const { session } = useSession();
  const current = (match: boolean) => (match ? ('page' as const) : undefined);
  return (
    <header className="site-header">
      <div className="container header-inner">
        <Link to="/" className="brand">
          Delegate
          <span className="brand-tagline">287(g) delegated authority records</span>
        </Link>
        <nav aria-label="Main">
          <ul className="nav-list">
            <li>
              <Link to="/" aria-current={current(path === '/' || path.startsWith('/agencies/'))}>
                Registry
              </Link>
            </li>
            <li>
              {session.status === 'signed-in' ? (
                <Link to="/home" aria-current={current(path === '/home')} data-testid="header-user">
                  Signed in as {session.user.displayName}
                </Link>
              ) : (
                <Link to="/sign-in" aria-current={current(path === '/sign-in')}>
                  Sign in
                </Link>
              )}
            </li>
          </ul>
        </nav>
      </div>
    </header>
  );
}

export function App() {
  const path = usePath();
  const mainRef = useRef<HTMLElement>(null);
  const firstRender = useRef(true);

  // On client-side navigation, move focus to the new page's content (as a full page load would).
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on each change of path.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    window.scrollTo(0, 0);
    mainRef.current?.focus({ preventScroll: true });
  }, [path]);

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <Header path={path} />
      <main id="main" ref={mainRef} tabIndex={-1} className="container main">
        <Routes path={path} />
      </main>
      <footer className="site-footer">
        <div className="container">
          <p>
            Source: U.S. Immigration and Customs Enforcement, published lists of agencies participating in,
            and pending, 287(g) agreements. Counts reflect the list published on or before the selected date.
          </p>
        </div>
      </footer>
    </>
  );
}
