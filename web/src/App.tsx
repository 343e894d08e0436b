/** Application shell: skip link, header with navigation, routed main content, footer. */
import { useEffect, useRef } from 'react';
import { type Area, canUse } from './access.ts';
import { AgencyPage } from './pages/AgencyPage.tsx';
import { AgreementPage } from './pages/AgreementPage.tsx';
import { AgreementsPage } from './pages/AgreementsPage.tsx';
import { AuditKeysPage } from './pages/AuditKeysPage.tsx';
import { AuditPage } from './pages/AuditPage.tsx';
import { AuthorityPage } from './pages/AuthorityPage.tsx';
import { CasePage } from './pages/CasePage.tsx';
import { CommitteesPage } from './pages/CommitteesPage.tsx';
import { ComplaintPage } from './pages/ComplaintPage.tsx';
import { ComplaintsPage } from './pages/ComplaintsPage.tsx';
import { FieldCasePage, FieldEncounterPage } from './pages/FieldEncounterPage.tsx';
import { HomePage } from './pages/HomePage.tsx';
import { InspectionsPage } from './pages/InspectionsPage.tsx';
import { JailPage } from './pages/JailPage.tsx';
import { MeasuresPage } from './pages/MeasuresPage.tsx';
import { NominatePage } from './pages/NominatePage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { NotificationsPage } from './pages/NotificationsPage.tsx';
import { OfficerPage } from './pages/OfficerPage.tsx';
import { OfficersPage } from './pages/OfficersPage.tsx';
import { PublicStatsPage } from './pages/PublicStatsPage.tsx';
import { RegistryPage } from './pages/RegistryPage.tsx';
import { ReimbursementPage } from './pages/ReimbursementPage.tsx';
import { ReviewQueuePage } from './pages/ReviewQueuePage.tsx';
import { ScreeningQueuePage } from './pages/ScreeningQueuePage.tsx';
import { SignInPage } from './pages/SignInPage.tsx';
import { TasksPage } from './pages/TasksPage.tsx';
import { TfmReportPage } from './pages/TfmReportPage.tsx';
import { useOfficerModel, WarrantQueuePage } from './pages/WarrantQueuePage.tsx';
import { WsoOversightPage } from './pages/WsoOversightPage.tsx';
import { Link, matchPath, usePath } from './router.tsx';
import { useSession } from './session.tsx';

function Routes({ path }: { path: string }) {
  if (path === '/' || path === '') return <RegistryPage />;
  const agency = matchPath('/agencies/:id', path);
  if (agency?.id) return <AgencyPage key={agency.id} agencyId={agency.id} />;
  if (matchPath('/sign-in', path)) return <SignInPage />;
  if (matchPath('/statistics', path)) return <PublicStatsPage />;
  if (matchPath('/complaint', path)) return <ComplaintPage />;
  if (matchPath('/complaints', path)) return <ComplaintsPage />;
  if (matchPath('/inspections', path)) return <InspectionsPage />;
  if (matchPath('/measures', path)) return <MeasuresPage />;
  if (matchPath('/audit', path)) return <AuditPage />;
  if (matchPath('/audit/keys', path)) return <AuditKeysPage />;
  if (matchPath('/committees', path)) return <CommitteesPage />;
  if (matchPath('/home', path)) return <HomePage />;
  if (matchPath('/agreements', path)) return <AgreementsPage />;
  const moa = matchPath('/agreements/:moaId', path);
  if (moa?.moaId) return <AgreementPage key={moa.moaId} moaId={moa.moaId} />;
  if (matchPath('/officers', path)) return <OfficersPage />;
  if (matchPath('/officers/new', path)) return <NominatePage />;
  const authority = matchPath('/officers/:officerId/authority', path);
  if (authority?.officerId)
    return <AuthorityPage key={authority.officerId} officerId={authority.officerId} />;
  const officer = matchPath('/officers/:officerId', path);
  if (officer?.officerId) return <OfficerPage key={officer.officerId} officerId={officer.officerId} />;
  if (matchPath('/notifications', path)) return <NotificationsPage />;
  if (matchPath('/screening', path)) return <ScreeningQueuePage />;
  if (matchPath('/review', path)) return <ReviewQueuePage />;
  if (matchPath('/jail', path)) return <JailPage />;
  if (matchPath('/tasks', path)) return <TasksPage />;
  if (matchPath('/warrants', path)) return <WarrantQueuePage />;
  if (matchPath('/oversight/wso', path)) return <WsoOversightPage />;
  if (matchPath('/field', path)) return <FieldEncounterPage />;
  const field = matchPath('/field/cases/:caseId', path);
  if (field?.caseId) return <FieldCasePage key={field.caseId} caseId={field.caseId} />;
  if (matchPath('/tfm-report', path)) return <TfmReportPage />;
  if (matchPath('/reimbursement', path)) return <ReimbursementPage />;
  const kase = matchPath('/cases/:caseId', path);
  if (kase?.caseId) return <CasePage key={kase.caseId} caseId={kase.caseId} />;
  return <NotFoundPage />;
}

function Header({ path }: { path: string }) {
  const { session } = useSession();
  const current = (match: boolean) => (match ? ('page' as const) : undefined);
  const role = session.status === 'signed-in' ? session.user.role : null;
  // A WSO officer is offered the WSO screens only (access.ts canUse).
  const model = useOfficerModel(role);
  const can = (r: string, area: Area) => canUse(r, model, area);
  const under = (prefix: string) => path === prefix || path.startsWith(`${prefix}/`);
  return (
    <header className="site-header">
      <div className="container header-inner">
        <Link to="/" className="brand">
          Delegate
          <span className="brand-tagline">287(g) delegated authority records</span>
        </Link>
        <nav aria-label="Main">
          {/* Wraps onto a second line inside the header when a role has many areas. */}
          <ul className="nav-list">
            <li>
              <Link to="/" aria-current={current(path === '/' || path.startsWith('/agencies/'))}>
                Registry
              </Link>
            </li>
            <li>
              <Link to="/statistics" aria-current={current(path === '/statistics')}>
                Statistics
              </Link>
            </li>
            {role && can(role, 'agreements') ? (
              <li>
                <Link to="/agreements" aria-current={current(under('/agreements'))}>
                  Agreements
                </Link>
              </li>
            ) : null}
            {role && can(role, 'officers') ? (
              <li>
                <Link to="/officers" aria-current={current(under('/officers'))}>
                  Officers
                </Link>
              </li>
            ) : null}
            {role && can(role, 'screening') ? (
              <li>
                <Link to="/screening" aria-current={current(path === '/screening')}>
                  Screening
                </Link>
              </li>
            ) : null}
            {role && can(role, 'review') ? (
              <li>
                <Link to="/review" aria-current={current(path === '/review')}>
                  Review
                </Link>
              </li>
            ) : null}
            {role && can(role, 'jail') ? (
              <li>
                <Link to="/jail" aria-current={current(path === '/jail')}>
                  Detainers
                </Link>
              </li>
            ) : null}
            {role && can(role, 'field') ? (
              <li>
                <Link to="/field" aria-current={current(under('/field'))}>
                  Field
                </Link>
              </li>
            ) : null}
            {role && can(role, 'tfmReport') ? (
              <li>
                <Link to="/tfm-report" aria-current={current(path === '/tfm-report')}>
                  TFM report
                </Link>
              </li>
            ) : null}
            {role && can(role, 'warrants') ? (
              <li>
                <Link to="/warrants" aria-current={current(path === '/warrants')}>
                  Warrants
                </Link>
              </li>
            ) : null}
            {role && can(role, 'wsoOversight') ? (
              <li>
                <Link to="/oversight/wso" aria-current={current(path === '/oversight/wso')}>
                  WSO oversight
                </Link>
              </li>
            ) : null}
            {role && can(role, 'complaints') ? (
              <li>
                <Link to="/complaints" aria-current={current(path === '/complaints')}>
                  Complaints
                </Link>
              </li>
            ) : null}
            {role === 'program_office' || role === 'ice_supervisor' ? (
              <li>
                <Link to="/measures" aria-current={current(path === '/measures')}>
                  Measures
                </Link>
              </li>
            ) : null}
            {role && can(role, 'inspections') ? (
              <li>
                <Link to="/inspections" aria-current={current(path === '/inspections')}>
                  Inspections
                </Link>
              </li>
            ) : null}
            {role && can(role, 'committees') ? (
              <li>
                <Link to="/committees" aria-current={current(path === '/committees')}>
                  Committees
                </Link>
              </li>
            ) : null}
            {role && can(role, 'tasks') ? (
              <li>
                <Link to="/tasks" aria-current={current(path === '/tasks')}>
                  Tasks
                </Link>
              </li>
            ) : null}
            {role && can(role, 'reimbursement') ? (
              <li>
                <Link to="/reimbursement" aria-current={current(path === '/reimbursement')}>
                  Reimbursement
                </Link>
              </li>
            ) : null}
            {role === 'auditor' ? (
              <li>
                <Link to="/audit" aria-current={current(path === '/audit')}>
                  Audit trail
                </Link>
              </li>
            ) : null}
            {role === 'auditor' ? (
              <li>
                <Link to="/audit/keys" aria-current={current(path === '/audit/keys')}>
                  Audit keys
                </Link>
              </li>
            ) : null}
            {role && can(role, 'notifications') ? (
              <li>
                <Link to="/notifications" aria-current={current(path === '/notifications')}>
                  Notifications
                </Link>
              </li>
            ) : null}
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
          <p>
            <Link to="/complaint">File a complaint about a 287(g) officer or agency</Link> ·{' '}
            <Link to="/complaint?lang=es" lang="es" hrefLang="es">
              Presentar una queja
            </Link>
          </p>
        </div>
      </footer>
    </>
  );
}
