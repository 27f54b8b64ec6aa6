import { NavLink, Outlet, useNavigate } from 'react-router';
import { useSession } from '../session';

/** The frame of every signed-in page: a skip link, the sections, who is signed in. */
export function Layout() {
  const { session, signOut } = useSession();
  const navigate = useNavigate();
  const who = session?.identity;
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <NavLink to="/" className="brand">
          datashelf
        </NavLink>
        <nav aria-label="Sections">
          {who?.kind === 'admin' ? (
            <NavLink to="/admin">Tenancy</NavLink>
          ) : (
            <>
              <NavLink to="/datasets">Datasets</NavLink>
              <NavLink to="/telemetry">Telemetry</NavLink>
              <NavLink to="/collections">Collections</NavLink>
              <NavLink to="/jobs">Jobs</NavLink>
            </>
          )}
          <a href="/docs">API reference</a>
        </nav>
        <div className="who">
          <span>{who?.kind === 'admin' ? 'instance admin' : who ? `${who.namespace} / ${who.project} · ${who.role}` : ''}</span>
          <button
            type="button"
            onClick={() => {
              signOut();
              void navigate('/signin');
            }}
          >
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}
