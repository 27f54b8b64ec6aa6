import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import { DatashelfError, type Datashelf } from '@datashelf/client';
import { clientFor } from './api';

/** Who a key is: the instance admin, or a project key with its role. */
export type Identity = { kind: 'admin' } | { kind: 'project'; namespace: string; project: string; role: string };

interface Session {
  client: Datashelf;
  identity: Identity;
}

interface SessionState {
  session: Session | null;
  signIn: (key: string) => Promise<void>;
  signOut: () => void;
}

// Session storage, not local: the key goes with the tab, and never into a URL.
const KEY = 'datashelf.key';
const IDENTITY = 'datashelf.identity';

const Context = createContext<SessionState | null>(null);

function stored(): Session | null {
  const key = sessionStorage.getItem(KEY);
  const identity = sessionStorage.getItem(IDENTITY);
  return key && identity ? { client: clientFor(key), identity: JSON.parse(identity) as Identity } : null;
}

/** A JWT's claims, read without verifying: only to show whose key this is (the server verifies every request). */
function claims(token: string): Record<string, string> {
  const part = token.split('.')[1] ?? '';
  return JSON.parse(atob(part.replace(/-/g, '+').replace(/_/g, '/'))) as Record<string, string>;
}

/** The instance admin may list namespaces; a project key may trade itself for a token naming its project. */
async function identify(client: Datashelf): Promise<Identity> {
  try {
    await client.page.namespaces({ limit: 1 });
    return { kind: 'admin' };
  } catch (error) {
    if (!(error instanceof DatashelfError) || error.code !== 'forbidden') throw error;
  }
  const { access_token } = await client.token();
  const c = claims(access_token);
  return { kind: 'project', namespace: c.ns, project: c.prj, role: c.role };
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(stored);
  const state = useMemo<SessionState>(
    () => ({
      session,
      signIn: async (key) => {
        const client = clientFor(key.trim());
        const identity = await identify(client);
        sessionStorage.setItem(KEY, key.trim());
        sessionStorage.setItem(IDENTITY, JSON.stringify(identity));
        setSession({ client, identity });
      },
      signOut: () => {
        sessionStorage.removeItem(KEY);
        sessionStorage.removeItem(IDENTITY);
        setSession(null);
      },
    }),
    [session],
  );
  return <Context.Provider value={state}>{children}</Context.Provider>;
}

export function useSession(): SessionState {
  const state = useContext(Context);
  if (!state) throw new Error('useSession outside SessionProvider');
  return state;
}

/** The signed-in client (pages behind sign-in only). */
export function useClient(): Datashelf {
  const { session } = useSession();
  if (!session) throw new Error('not signed in');
  return session.client;
}
