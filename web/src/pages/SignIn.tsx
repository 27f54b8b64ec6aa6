import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { ErrorNote } from '../components/ErrorNote';
import { useSession } from '../session';

/** Sign in with an API key: kept in this tab's session storage only. */
export function SignIn() {
  const { signIn } = useSession();
  const navigate = useNavigate();
  const [key, setKey] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await signIn(key);
      void navigate('/', { replace: true });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" className="signin">
      <h1>datashelf</h1>
      <form onSubmit={(e) => void submit(e)}>
        <label htmlFor="key">API key</label>
        <input id="key" type="password" autoComplete="off" value={key} onChange={(e) => setKey(e.target.value)} required minLength={8} />
        <p className="hint">
          A project key, or the instance admin key to manage namespaces, projects and keys. It stays in this tab until you sign out or close
          it.
        </p>
        <button type="submit" disabled={busy || key.trim() === ''}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <ErrorNote error={error} action="Sign-in failed" />
    </main>
  );
}
