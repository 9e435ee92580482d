// App shell: header navigation, route → page, and an error boundary so a render bug never blanks the page.

import { Component, type ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { Link, useLocation } from './lib/router.js';
import { parseRoute, type Route } from './lib/routes.js';
import { TracesPage } from './pages/traces/traces-page.js';
import { TracePage } from './pages/trace/trace-page.js';
import { SessionsPage } from './pages/sessions/sessions-page.js';
import { SessionPage } from './pages/sessions/session-page.js';
import { LogsPage } from './pages/logs/logs-page.js';
import { DashboardPage } from './pages/dashboard/dashboard-page.js';
import { ComparePage } from './pages/compare/compare-page.js';
import { MapPage } from './pages/map/map-page.js';
import { UsersPage } from './pages/users/users-page.js';
import { PromptPage, PromptsPage } from './pages/prompts/prompts-page.js';
import { DatasetsPage } from './pages/datasets/datasets-page.js';
import { EvaluatorsPage } from './pages/evaluators/evaluators-page.js';
import { PlaygroundPage } from './pages/playground/playground-page.js';
import { ModelsPage } from './pages/models/models-page.js';
import { AnnotatePage } from './pages/annotate/annotate-page.js';
import { QueuePage } from './pages/annotate/queue-page.js';
import { DatasetPage } from './pages/datasets/dataset-page.js';
import { DatasetComparePage } from './pages/datasets/dataset-compare-page.js';
import { ErrorBox } from './components/common.js';

class ErrorBoundary extends Component<{ resetKey: string; children: ComponentChildren }, { error: Error | null; key: string }> {
  state = { error: null as Error | null, key: this.props.resetKey };
  static getDerivedStateFromProps(props: { resetKey: string }, state: { key: string }) {
    return props.resetKey !== state.key ? { error: null, key: props.resetKey } : null;
  }
  componentDidCatch(error: Error) {
    this.setState({ error });
  }
  render() {
    return this.state.error ? <ErrorBox message={`This page failed to render: ${this.state.error.message}`} onRetry={() => this.setState({ error: null })} /> : this.props.children;
  }
}

const NAV: Array<{ href: string; label: string; pages: Route['page'][] }> = [
  { href: '/traces', label: 'Traces', pages: ['traces', 'trace'] },
  { href: '/sessions', label: 'Sessions', pages: ['sessions', 'session'] },
  { href: '/users', label: 'Users', pages: ['users'] },
  { href: '/logs', label: 'Logs', pages: ['logs'] },
  { href: '/dashboard', label: 'Dashboard', pages: ['dashboard'] },
  { href: '/map', label: 'Map', pages: ['map'] },
  { href: '/compare', label: 'Compare', pages: ['compare'] },
  { href: '/prompts', label: 'Prompts', pages: ['prompts', 'prompt'] },
  { href: '/datasets', label: 'Datasets', pages: ['datasets', 'dataset', 'datasetCompare'] },
  { href: '/evaluators', label: 'Evaluators', pages: ['evaluators'] },
  { href: '/annotate', label: 'Annotate', pages: ['annotate', 'annotateQueue'] },
  { href: '/playground', label: 'Playground', pages: ['playground'] },
  { href: '/models', label: 'Models', pages: ['models'] },
];

function titleOf(route: Route): string {
  switch (route.page) {
    case 'trace':
      return `Trace ${route.traceId.slice(0, 8)}`;
    case 'session':
      return `Session ${route.sessionId}`;
    case 'prompt':
      return `Prompt ${route.name}`;
    case 'dataset':
      return `Dataset ${route.name}`;
    case 'datasetCompare':
      return `Runs of ${route.name}`;
    case 'annotateQueue':
      return 'Annotation queue';
    case 'notFound':
      return 'Not found';
    default:
      return route.page[0].toUpperCase() + route.page.slice(1);
  }
}

function Page({ route, search }: { route: Route; search: string }) {
  switch (route.page) {
    case 'traces':
      return <TracesPage search={search} />;
    case 'trace':
      return <TracePage traceId={route.traceId} tab={route.tab} search={search} />;
    case 'sessions':
      return <SessionsPage search={search} />;
    case 'session':
      return <SessionPage sessionId={route.sessionId} />;
    case 'logs':
      return <LogsPage search={search} />;
    case 'dashboard':
      return <DashboardPage search={search} />;
    case 'compare':
      return <ComparePage search={search} />;
    case 'map':
      return <MapPage search={search} />;
    case 'users':
      return <UsersPage search={search} />;
    case 'prompts':
      return <PromptsPage />;
    case 'prompt':
      return <PromptPage name={route.name} search={search} />;
    case 'datasets':
      return <DatasetsPage />;
    case 'evaluators':
      return <EvaluatorsPage />;
    case 'playground':
      return <PlaygroundPage />;
    case 'models':
      return <ModelsPage search={search} />;
    case 'annotate':
      return <AnnotatePage />;
    case 'annotateQueue':
      return <QueuePage queueId={route.queueId} />;
    case 'dataset':
      return <DatasetPage name={route.name} />;
    case 'datasetCompare':
      return <DatasetComparePage name={route.name} search={search} />;
    default:
      return (
        <section class="page">
          <h1>Page not found</h1>
          <p>
            Nothing lives at <code>{route.path}</code>. <Link href="/traces">Go to traces</Link>.
          </p>
        </section>
      );
  }
}

export function App() {
  const loc = useLocation();
  const route = parseRoute(loc.pathname);
  useEffect(() => {
    document.title = `${titleOf(route)} · WatchLLM`;
  }, [loc.pathname]);
  return (
    <>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="topbar">
        <Link href="/traces" class="brand" aria-label="WatchLLM home">
          WatchLLM
        </Link>
        <nav aria-label="Main">
          {NAV.map((n) => (
            <Link key={n.href} href={n.href} class={n.pages.includes(route.page) ? 'nav-link active' : 'nav-link'} aria-current={n.pages.includes(route.page) ? 'page' : undefined} data-testid={`nav-${n.label.toLowerCase()}`}>
              {n.label}
            </Link>
          ))}
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        <ErrorBoundary resetKey={loc.pathname + loc.search}>
          <Page route={route} search={loc.search} />
        </ErrorBoundary>
      </main>
    </>
  );
}
