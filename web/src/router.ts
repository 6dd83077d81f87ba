/**
 * Hash routes (`#/jobs/<id>/checkpoints`): the server only ever serves `/`, so a reload
 * or a shared link lands on the right page without any server-side fallback.
 */
import { useEffect, useState } from 'preact/hooks';

export const JOB_TABS = ['overview', 'exceptions', 'checkpoints', 'configuration'] as const;
export type JobTab = (typeof JOB_TABS)[number];

export const JOBMANAGER_TABS = ['configuration', 'metrics', 'logs', 'thread-dump'] as const;
export type JobManagerTab = (typeof JOBMANAGER_TABS)[number];

export const TASKMANAGER_TABS = ['slots', 'metrics', 'logs', 'thread-dump'] as const;
export type TaskManagerTab = (typeof TASKMANAGER_TABS)[number];

export type Route =
  | { readonly page: 'overview' }
  | { readonly page: 'jobs'; readonly which: 'running' | 'completed' }
  | { readonly page: 'job'; readonly jobId: string; readonly tab: JobTab; readonly vertexId?: string }
  | { readonly page: 'taskmanagers' }
  | { readonly page: 'taskmanager'; readonly id: string; readonly tab: TaskManagerTab }
  | { readonly page: 'jobmanager'; readonly tab: JobManagerTab }
  | { readonly page: 'submit' }
  | { readonly page: 'not-found'; readonly path: string };

function oneOf<T extends string>(values: readonly T[], value: string | undefined, fallback: T): T | undefined {
  if (value === undefined || value === '') return fallback;
  return (values as readonly string[]).includes(value) ? (value as T) : undefined;
}

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/^\/+|\/+$/g, '');
  const [first, second, third, fourth] = path.split('/').map(decodeURIComponent);
  const notFound: Route = { page: 'not-found', path: `/${path}` };
  switch (first) {
    case undefined:
    case '':
    case 'overview':
      return { page: 'overview' };
    case 'jobs': {
      if (second === undefined || second === 'running') return { page: 'jobs', which: 'running' };
      if (second === 'completed') return { page: 'jobs', which: 'completed' };
      const tab = oneOf(JOB_TABS, third, 'overview');
      if (tab === undefined) return notFound;
      return { page: 'job', jobId: second, tab, ...(fourth !== undefined && tab === 'overview' ? { vertexId: fourth } : {}) };
    }
    case 'taskmanagers': {
      if (second === undefined) return { page: 'taskmanagers' };
      const tab = oneOf(TASKMANAGER_TABS, third, 'slots');
      return tab === undefined ? notFound : { page: 'taskmanager', id: second, tab };
    }
    case 'jobmanager': {
      const tab = oneOf(JOBMANAGER_TABS, second, 'configuration');
      return tab === undefined ? notFound : { page: 'jobmanager', tab };
    }
    case 'submit':
      return { page: 'submit' };
    default:
      return notFound;
  }
}

export function href(route: Route): string {
  switch (route.page) {
    case 'overview':
      return '#/overview';
    case 'jobs':
      return `#/jobs/${route.which}`;
    case 'job':
      return `#/jobs/${route.jobId}/${route.tab}${route.vertexId !== undefined ? `/${route.vertexId}` : ''}`;
    case 'taskmanagers':
      return '#/taskmanagers';
    case 'taskmanager':
      return `#/taskmanagers/${encodeURIComponent(route.id)}/${route.tab}`;
    case 'jobmanager':
      return `#/jobmanager/${route.tab}`;
    case 'submit':
      return '#/submit';
    case 'not-found':
      return `#${route.path}`;
  }
}

export function navigate(route: Route): void {
  window.location.hash = href(route);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const update = (): void => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
}
