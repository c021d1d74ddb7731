import { Link, match, useRoute } from './router';
import { useSession } from './session';
import { SignIn } from './pages/SignIn';
import { Organizations } from './pages/Organizations';
import { Files } from './pages/Files';
import { FileDetail } from './pages/FileDetail';
import { Jobs } from './pages/Jobs';
import { NewJob } from './pages/NewJob';
import { JobDetail } from './pages/JobDetail';
import { Models } from './pages/Models';
import { Webhooks } from './pages/Webhooks';
import { Usage } from './pages/Usage';
import { Team } from './pages/Team';

const NAV = [
  ['/files', 'Files'],
  ['/jobs', 'Jobs'],
  ['/models', 'Models'],
  ['/webhooks', 'Webhooks'],
  ['/usage', 'Usage'],
  ['/team', 'Team & keys'],
] as const;

function Page() {
  const { path } = useRoute();
  let params: Record<string, string> | null;
  if ((params = match('/files/:id', path))) return <FileDetail id={params.id!} />;
  if (path === '/jobs/new') return <NewJob />;
  if ((params = match('/jobs/:id', path))) return <JobDetail id={params.id!} />;
  if (path === '/jobs') return <Jobs />;
  if (path === '/models') return <Models />;
  if (path === '/webhooks') return <Webhooks />;
  if (path === '/usage') return <Usage />;
  if (path === '/team') return <Team />;
  if (path === '/organizations') return <Organizations />;
  return <Files />;
}

export function App() {
  const { session, loading, orgId, role, selectOrganization, signOut } = useSession();
  if (loading) return <p className="loading">Loading…</p>;
  if (!session) return <SignIn />;
  if (!orgId) return <Organizations />;
  return (
    <div className="shell">
      <header>
        <a className="skip" href="#main">
          Skip to content
        </a>
        <strong className="brand">Whetstone</strong>
        <nav aria-label="Main">
          {NAV.map(([to, label]) => (
            <Link key={to} to={to}>
              {label}
            </Link>
          ))}
        </nav>
        <div className="account">
          <label>
            <span className="visually-hidden">Organization</span>
            <select value={orgId} onChange={(e) => selectOrganization(e.target.value)} aria-label="Organization">
              {session.organizations.map((m) => (
                <option key={m.organization.id} value={m.organization.id}>
                  {m.organization.name} ({m.role})
                </option>
              ))}
            </select>
          </label>
          <Link to="/organizations">New organization</Link>
          <span className="who">{session.user.email}</span>
          <span className="role" data-testid="role">
            {role}
          </span>
          <button type="button" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" key={orgId}>
        <Page />
      </main>
    </div>
  );
}
