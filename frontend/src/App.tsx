import { useCallback, useEffect, useState } from 'react';
import { api, ApiError, SIGNED_OUT_EVENT, type Me } from './api';
import { AuditTrail, Operations } from './Admin';
import { BatchView, Jobs } from './Jobs';
import { JobPage } from './JobPage';
import { Tokens } from './Tokens';
import { Upload } from './Upload';
import { applyLimits } from './limits';
import { Link, navigate, usePath } from './router';

/** The OIDC registration the API is configured with (spring.security.oauth2.client.registration.oidc). */
export const OIDC_LOGIN = '/oauth2/authorization/oidc';

export function SignIn({ expired }: { expired: boolean }) {
  const failed = new URLSearchParams(window.location.search).get('login');
  return (
    <main className="signin card">
      <h1>ocrpipe</h1>
      {expired && <p role="status">Your session has ended. Sign in again to continue.</p>}
      {failed && <p role="alert" className="error">The sign-in did not succeed. Try again.</p>}
      <p><a className="button" href={OIDC_LOGIN}>Sign in</a></p>
      <p className="muted">On the local stack, open the one-time sign-in link that <code>./run-local</code> printed.</p>
    </main>
  );
}

export function App() {
  const [me, setMe] = useState<Me | null>();
  const [expired, setExpired] = useState(false);
  const [refreshKey, setRefreshKey] = useState(0);
  const path = usePath();

  const check = useCallback(() => {
    api.me().then(async (who) => {
      // the deployment's upload limits, for the uploader's checks (defaults if this fails)
      await api.limits().then(applyLimits, () => undefined);
      setMe(who);
    }, (e: unknown) => {
      if (e instanceof ApiError && e.status === 401) setMe(null);
      else setMe(null);
    });
  }, []);
  useEffect(check, [check]);
  useEffect(() => {
    const signedOut = () => {
      setExpired(true);
      setMe(null);
    };
    window.addEventListener(SIGNED_OUT_EVENT, signedOut);
    return () => window.removeEventListener(SIGNED_OUT_EVENT, signedOut);
  }, []);

  if (me === undefined) return <main className="card"><p>Loading…</p></main>;
  if (me === null) return <SignIn expired={expired} />;

  async function signOut() {
    try {
      await api.logout();
    } finally {
      setMe(null);
      setExpired(false);
      navigate('/');
    }
  }

  const admin = me.roles.includes('ADMIN');
  const job = /^\/jobs\/([^/]+)$/.exec(path);
  const batch = /^\/batches\/([^/]+)$/.exec(path);
  return (
    <>
      <header className="top">
        <nav aria-label="Main">
          <Link href="/" className="brand">ocrpipe</Link>
          <Link href="/" aria-current={path === '/' ? 'page' : undefined}>Jobs</Link>
          <Link href="/tokens" aria-current={path === '/tokens' ? 'page' : undefined}>API tokens</Link>
          {admin && <Link href="/admin/audit" aria-current={path === '/admin/audit' ? 'page' : undefined}>Audit trail</Link>}
          {admin && <Link href="/admin/ops" aria-current={path === '/admin/ops' ? 'page' : undefined}>Operations</Link>}
        </nav>
        <span className="who">{me.name}</span>
        <button type="button" onClick={() => void signOut()}>Sign out</button>
      </header>
      <main>
        {job?.[1] ? <JobPage id={decodeURIComponent(job[1])} key={job[1]} />
          : batch?.[1] ? <BatchView id={decodeURIComponent(batch[1])} key={batch[1]} />
          : path === '/tokens' ? <Tokens />
          : admin && path === '/admin/audit' ? <AuditTrail />
          : admin && path === '/admin/ops' ? <Operations />
          : (
            <>
              <h1 className="visually-hidden">Your documents</h1>
              <Upload onUploaded={() => setRefreshKey((k) => k + 1)} />
              <Jobs refreshKey={refreshKey} />
            </>
          )}
      </main>
    </>
  );
}
