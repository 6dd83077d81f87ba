/** The dashboard's frame: the left navigation, the top bar with the cluster's health, and the page. */
import { h, type ComponentChild } from 'preact';
import { getJson } from './api/client.js';
import type { DashboardConfig } from './api/flink-types.js';
import { Notice } from './components/ui.js';
import { formatTime } from './format.js';
import { ConfigContext, LOADING_CONFIG, appConfig, type AppConfig } from './hooks/use-config.js';
import { usePoll } from './hooks/use-poll.js';
import { JobPage } from './pages/job/job-page.js';
import { JobManagerPage } from './pages/jobmanager.js';
import { JobsPage } from './pages/jobs.js';
import { OverviewPage } from './pages/overview.js';
import { SubmitPage } from './pages/submit.js';
import { TaskManagerPage } from './pages/taskmanager-detail.js';
import { TaskManagersPage } from './pages/taskmanagers.js';
import { href, useRoute, type Route } from './router.js';

/** /config is also the heartbeat that tells whether the JobManager answers at all. */
const HEALTH_INTERVAL_MS = 5000;

function NavLink({ route, current, label, icon }: { readonly route: Route; readonly current: boolean; readonly label: string; readonly icon: string }): ComponentChild {
  return h('a', { href: href(route), class: current ? 'nav-link active' : 'nav-link', 'aria-current': current ? 'page' : undefined }, h('span', { class: 'nav-icon', 'aria-hidden': 'true' }, icon), label);
}

function Sidebar({ route, config }: { readonly route: Route; readonly config: AppConfig }): ComponentChild {
  const jobsWhich = route.page === 'jobs' ? route.which : undefined;
  return h(
    'aside',
    { class: 'sidebar' },
    h(
      'div',
      { class: 'sidebar-inner' },
      h('a', { class: 'brand', href: '#/overview' }, h('span', { class: 'brand-mark' }, '≋'), h('span', null, 'Weir'), h('span', { class: 'brand-version' }, config.version ?? '')),
      h(
        'nav',
        { class: 'nav', 'aria-label': 'Main' },
        h(NavLink, { route: { page: 'overview' }, current: route.page === 'overview', label: 'Overview', icon: '◉' }),
        h('div', { class: 'nav-group' }, 'Jobs'),
        h(NavLink, { route: { page: 'jobs', which: 'running' }, current: jobsWhich === 'running', label: 'Running jobs', icon: '▶' }),
        h(NavLink, { route: { page: 'jobs', which: 'completed' }, current: jobsWhich === 'completed', label: 'Completed jobs', icon: '✓' }),
        h('div', { class: 'nav-group' }, 'Cluster'),
        h(NavLink, { route: { page: 'taskmanagers' }, current: route.page === 'taskmanagers' || route.page === 'taskmanager', label: 'TaskManagers', icon: '▦' }),
        h(NavLink, { route: { page: 'jobmanager', tab: 'configuration' }, current: route.page === 'jobmanager', label: 'JobManager', icon: '◆' }),
        config.features.submit ? h('div', { class: 'nav-group' }, 'Deploy') : null,
        config.features.submit ? h(NavLink, { route: { page: 'submit' }, current: route.page === 'submit', label: 'Submit new job', icon: '⇪' }) : null,
      ),
    ),
  );
}

function Page({ route }: { readonly route: Route }): ComponentChild {
  switch (route.page) {
    case 'overview':
      return h(OverviewPage, null);
    case 'jobs':
      return h(JobsPage, { key: route.which, which: route.which });
    case 'job':
      return h(JobPage, { key: route.jobId, jobId: route.jobId, tab: route.tab, vertexId: route.vertexId });
    case 'taskmanagers':
      return h(TaskManagersPage, null);
    case 'taskmanager':
      return h(TaskManagerPage, { key: route.id, id: route.id, tab: route.tab });
    case 'jobmanager':
      return h(JobManagerPage, { tab: route.tab });
    case 'submit':
      return h(SubmitPage, null);
    case 'not-found':
      return h('div', { class: 'page' }, h(Notice, { kind: 'error' }, `No page at ${route.path}. `, h('a', { href: '#/overview' }, 'Back to the overview')));
  }
}

export function App(): ComponentChild {
  const route = useRoute();
  const health = usePoll((signal) => getJson<DashboardConfig>('config', signal), HEALTH_INTERVAL_MS, []);
  const config = health.data === undefined ? LOADING_CONFIG : appConfig(health.data);
  const reachable = health.error === undefined && health.data !== undefined;
  return h(
    ConfigContext.Provider,
    { value: config },
    h(
      'div',
      { class: 'shell' },
      h(Sidebar, { route, config }),
      h(
        'div',
        { class: 'main' },
        h(
          'header',
          { class: 'topbar' },
          h('span', { class: 'topbar-title' }, 'Weir dashboard'),
          h(
            'span',
            { class: `health ${reachable ? 'ok' : health.loading ? '' : 'down'}`, role: 'status' },
            h('i', { class: 'dot' }),
            reachable ? `JobManager connected · ${formatTime(health.updatedAt ?? Date.now())}` : health.loading ? 'Connecting…' : `JobManager unreachable: ${health.error ?? ''}`,
          ),
          config.timezone !== undefined ? h('span', { class: 'muted small' }, config.timezone) : null,
        ),
        h('main', { class: 'content' }, h(Page, { route })),
      ),
    ),
  );
}
