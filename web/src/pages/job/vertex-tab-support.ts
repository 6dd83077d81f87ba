/** What every tab of the vertex panel gets, and how it says that a route is missing. */
import { h, type ComponentChild } from 'preact';
import type { JobDetails, JobVertexSummary } from '../../api/flink-types.js';
import { Notice } from '../../components/ui.js';

export interface VertexTabProps {
  readonly job: JobDetails;
  readonly vertex: JobVertexSummary;
  readonly live: boolean;
}

/** Flink's pattern of the vertex routes: shorter and clearer in a note than the ids. */
export const VERTEX_ROUTE = '/jobs/:jobid/vertices/:vertexid';

export function missing(route: string): ComponentChild {
  return h(Notice, { kind: 'missing' }, 'This cluster does not answer ', h('code', null, `GET ${route}`), ' yet: —');
}
