import { createContext, useContext, type ReactNode } from 'react';
import type { Catalogue as Served } from '@datashelf/client';
import { ErrorNote } from './components/ErrorNote';
import { useLoad } from './hooks';
import { useClient } from './session';

/** The model's lists, as the server serves them: the UI keeps no copies. */
export interface Catalogue {
  /** Every field of a datapoint as read, server-owned ones included. */
  datapointFields: string[];
  /** The fields a client may set, in the model's order: what the panel and diffs show. */
  settableFields: string[];
  operators: string[];
  /** What a datapoint filter may name: its fields, and `root.` for paths into JSON fields. */
  datapointFilterKeys: string[];
  eventFilterKeys: string[];
  reviewStates: string[];
  sources: string[];
  /** What an import mapping can send a column to. */
  mappableFields: string[];
}

const Context = createContext<Catalogue | null>(null);

const keysOf = (v: Served['datapoint_filters']) => [...v.fields.map((f) => f.name), ...v.json_roots.map((r) => `${r}.`)];

export function toCatalogue(served: Served): Catalogue {
  return {
    datapointFields: served.datapoint_fields.map((f) => f.name),
    settableFields: served.datapoint_fields.filter((f) => f.settable).map((f) => f.name),
    operators: served.filter_operators,
    datapointFilterKeys: keysOf(served.datapoint_filters),
    eventFilterKeys: keysOf(served.event_filters),
    reviewStates: served.review_states,
    sources: served.sources,
    mappableFields: served.mappable_fields,
  };
}

/** Loads the catalogue once for the signed-in pages. */
export function CatalogueProvider({ children }: { children: ReactNode }) {
  const client = useClient();
  const loaded = useLoad(() => client.catalogue().then(toCatalogue), [client]);
  if (loaded.error) return <ErrorNote error={loaded.error} action="Loading the field lists failed" />;
  if (!loaded.data) return <p aria-live="polite">Loading…</p>;
  return <Context.Provider value={loaded.data}>{children}</Context.Provider>;
}

export function useCatalogue(): Catalogue {
  const catalogue = useContext(Context);
  if (!catalogue) throw new Error('useCatalogue outside CatalogueProvider');
  return catalogue;
}
