import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, Navigate, Outlet, RouterProvider } from 'react-router';
import { Layout } from './components/Layout';
import { Admin } from './pages/Admin';
import { CollectionList, CollectionPage } from './pages/Collections';
import { DatasetCard } from './pages/DatasetCard';
import { DatasetList } from './pages/DatasetList';
import { DeletedDatasets } from './pages/DeletedDatasets';
import { DatasetPage } from './pages/DatasetPage';
import { Datapoints } from './pages/Datapoints';
import { DiffView } from './pages/DiffView';
import { ExportPanel } from './pages/ExportPanel';
import { JobList, JobPage } from './pages/Jobs';
import { RunCompare } from './pages/RunCompare';
import { RunPage } from './pages/RunPage';
import { RunList } from './pages/RunList';
import { SignIn } from './pages/SignIn';
import { ContainerPage, ContainerList } from './pages/Telemetry';
import { Versions } from './pages/Versions';
import { Files } from './pages/Files';
import { SessionProvider, useSession } from './session';
import { CatalogueProvider } from './catalogue';
import './styles.css';

// The upload page carries the CSV and Parquet readers: loaded when first opened.
const Upload = lazy(() => import('./pages/Upload').then((m) => ({ default: m.Upload })));

/** Pages behind sign-in send a signed-out reader to the sign-in page. */
function SignedIn() {
  const { session } = useSession();
  return session ? (
    <CatalogueProvider>
      <Outlet />
    </CatalogueProvider>
  ) : (
    <Navigate to="/signin" replace />
  );
}

function Home() {
  const { session } = useSession();
  return <Navigate to={session?.identity.kind === 'admin' ? '/admin' : '/datasets'} replace />;
}

const router = createBrowserRouter([
  { path: '/signin', element: <SignIn /> },
  {
    element: <SignedIn />,
    children: [
      {
        element: <Layout />,
        children: [
          { path: '/', element: <Home /> },
          { path: '/admin', element: <Admin /> },
          { path: '/datasets', element: <DatasetList /> },
          { path: '/datasets/deleted', element: <DeletedDatasets /> },
          {
            path: '/datasets/:id',
            element: <DatasetPage />,
            children: [
              { index: true, element: <DatasetCard /> },
              { path: 'datapoints', element: <Datapoints /> },
              { path: 'versions', element: <Versions /> },
              { path: 'files', element: <Files /> },
              { path: 'diff', element: <DiffView /> },
              {
                path: 'upload',
                element: (
                  <Suspense fallback={<p>Loading…</p>}>
                    <Upload />
                  </Suspense>
                ),
              },
              { path: 'export', element: <ExportPanel /> },
              { path: 'runs', element: <RunList /> },
            ],
          },
          { path: '/runs/compare', element: <RunCompare /> },
          { path: '/runs/:id', element: <RunPage /> },
          { path: '/telemetry', element: <ContainerList /> },
          { path: '/telemetry/:id', element: <ContainerPage /> },
          { path: '/collections', element: <CollectionList /> },
          { path: '/collections/:id', element: <CollectionPage /> },
          { path: '/jobs', element: <JobList /> },
          { path: '/jobs/:id', element: <JobPage /> },
          { path: '*', element: <p>No such page.</p> },
        ],
      },
    ],
  },
]);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <SessionProvider>
      <RouterProvider router={router} />
    </SessionProvider>
  </StrictMode>,
);
