import { useEffect, useRef, type ComponentType } from 'react';
import { Deferred } from '../components/Deferred';
import { Toaster } from '../components/Toaster';
import { AuditPage } from '../features/audit';
import { ContainersRoute } from '../features/containers';
import { AlertsPage } from '../features/alerts';
import { HostsRoute } from '../features/environments';
import { MonitoringPage } from '../features/monitoring';
import { PaletteHost } from '../features/palette';
import { SettingsPage } from '../features/settings';
import { StacksPage } from '../features/stacks';
import { useCurrentEnvironment } from '../stores/environments';
import { ErrorBoundary } from './ErrorBoundary';
import { navItems, pageLabel } from './navigation';
import { useRoute, type PageId } from '../lib/router';
import { Sidebar } from './Sidebar';

const pageComponents: Record<PageId, ComponentType<{ section: string | null }>> = {
  hosts: HostsRoute,
  stacks: StacksPage,
  containers: ContainersRoute,
  metrics: MonitoringPage,
  alerts: AlertsPage,
  audit: AuditPage,
  settings: SettingsPage,
};

export function App() {
  const { page, section } = useRoute();
  const environment = useCurrentEnvironment();
  const mainRef = useRef<HTMLElement>(null);
  const shownRoute = useRef(`${page}/${section ?? ''}`);

  useEffect(() => {
    const scope = page === 'settings' || page === 'audit' ? null : environment?.name;
    document.title = [pageLabel(page), scope, 'Drover'].filter(Boolean).join(' · ');
  }, [page, environment?.name]);

  // After navigating, start at the top and move focus to the new page's title so keyboard and
  // screen-reader users land on it (not on the first load).
  useEffect(() => {
    const key = `${page}/${section ?? ''}`;
    if (shownRoute.current === key) return;
    shownRoute.current = key;
    mainRef.current?.scrollTo({ top: 0 });
    if (!section) document.getElementById('page-title')?.focus({ preventScroll: true });
  }, [page, section]);

  const Page = pageComponents[page];
  return (
    <div className="app">
      <button
        type="button"
        className="skip-link"
        onClick={() => document.getElementById('page-title')?.focus()}
      >
        Skip to content
      </button>
      <Sidebar page={page} />
      <main ref={mainRef} className="main" aria-labelledby="page-title">
        <ErrorBoundary key={page}>
          <Deferred what="the page">
            <Page section={section} />
          </Deferred>
        </ErrorBoundary>
      </main>
      <Toaster />
      <PaletteHost pages={navItems} />
    </div>
  );
}
