/**
 * Flink's "Submit New Job": upload a job artifact, pick one, see the plan it would run,
 * and run it with a parallelism, program arguments and a savepoint to start from.
 */
import { h, type ComponentChild } from 'preact';
import { useState } from 'preact/hooks';
import { errorText, getJson, sendJson, uploadJar } from '../api/client.js';
import type { JarFile, JarList, JarRunRequest, JarUploadResponse, JobPlan } from '../api/flink-types.js';
import { Card, Clip, EmptyRow, Notice, PollError } from '../components/ui.js';
import { formatDate } from '../format.js';
import { DagView } from '../graph/dag-view.js';
import { useAppConfig } from '../hooks/use-config.js';
import { usePoll } from '../hooks/use-poll.js';
import { navigate } from '../router.js';
import { planEdges } from './job/graph-tab.js';

interface RunForm {
  readonly parallelism: string;
  readonly programArgs: string;
  readonly savepointPath: string;
  readonly allowNonRestoredState: boolean;
}

const EMPTY_FORM: RunForm = { parallelism: '', programArgs: '', savepointPath: '', allowNonRestoredState: false };

function requestBody(form: RunForm, withSavepoint: boolean): JarRunRequest {
  const parallelism = Number(form.parallelism);
  return {
    ...(form.parallelism.trim() !== '' && Number.isInteger(parallelism) && parallelism > 0 ? { parallelism } : {}),
    ...(form.programArgs.trim() !== '' ? { programArgs: form.programArgs } : {}),
    ...(withSavepoint && form.savepointPath.trim() !== '' ? { savepointPath: form.savepointPath.trim(), allowNonRestoredState: form.allowNonRestoredState } : {}),
  };
}

function Upload({ onUploaded }: { readonly onUploaded: (jarId: string) => void }): ComponentChild {
  const [file, setFile] = useState<File | undefined>(undefined);
  // A file input cannot be cleared from code; a new key gives a fresh, empty one after an upload.
  const [inputKey, setInputKey] = useState(0);
  const [state, setState] = useState<{ busy: boolean; error?: string }>({ busy: false });
  const upload = async (): Promise<void> => {
    if (file === undefined) return;
    setState({ busy: true });
    try {
      const answer = await uploadJar<JarUploadResponse>(file);
      setState({ busy: false });
      setFile(undefined);
      setInputKey((k) => k + 1);
      onUploaded(answer.filename.split(/[\\/]/).at(-1) ?? answer.filename);
    } catch (error) {
      setState({ busy: false, error: errorText(error) });
    }
  };
  return h(
    Card,
    { title: 'Upload a job artifact' },
    h('p', { class: 'muted' }, 'A job bundled into one .mjs or .js file, e.g. ', h('code', null, 'node scripts/bundle-job.mjs my-job.ts my-job.mjs'), ' (docs/dashboard.md).'),
    h(
      'div',
      { class: 'upload-row' },
      h('input', { key: inputKey, type: 'file', accept: '.mjs,.js', 'aria-label': 'Job artifact', onChange: (e: Event) => setFile((e.currentTarget as HTMLInputElement).files?.[0]) }),
      h('button', { type: 'button', class: 'btn primary', disabled: file === undefined || state.busy, onClick: () => void upload() }, state.busy ? 'Uploading…' : 'Upload'),
    ),
    state.error !== undefined ? h(Notice, { kind: 'error' }, state.error) : null,
  );
}

function RunJar({ jar, onDeleted }: { readonly jar: JarFile; readonly onDeleted: () => void }): ComponentChild {
  const [form, setForm] = useState<RunForm>(EMPTY_FORM);
  const [plan, setPlan] = useState<JobPlan | undefined>(undefined);
  const [status, setStatus] = useState<{ busy: boolean; error?: string }>({ busy: false });
  const field = (key: 'parallelism' | 'programArgs' | 'savepointPath') => (e: Event) => setForm({ ...form, [key]: (e.currentTarget as HTMLInputElement).value });
  const act = async (work: () => Promise<void>): Promise<void> => {
    setStatus({ busy: true });
    try {
      await work();
      setStatus({ busy: false });
    } catch (error) {
      setStatus({ busy: false, error: errorText(error) });
    }
  };
  const showPlan = (): Promise<void> => act(async () => setPlan((await sendJson<{ plan: JobPlan }>('POST', `jars/${encodeURIComponent(jar.id)}/plan`, requestBody(form, false))).plan));
  const run = (): Promise<void> =>
    act(async () => {
      const { jobid } = await sendJson<{ jobid: string }>('POST', `jars/${encodeURIComponent(jar.id)}/run`, requestBody(form, true));
      navigate({ page: 'job', jobId: jobid, tab: 'overview' });
    });
  const remove = (): Promise<void> =>
    act(async () => {
      await sendJson('DELETE', `jars/${encodeURIComponent(jar.id)}`);
      onDeleted();
    });

  return h(
    Card,
    { title: `Run ${jar.name}`, class: 'run-card' },
    h(
      'form',
      { class: 'run-form', onSubmit: (e: Event) => (e.preventDefault(), void run()) },
      h('label', { class: 'field' }, h('span', null, 'Parallelism'), h('input', { name: 'parallelism', type: 'number', min: 1, placeholder: 'cluster default', value: form.parallelism, onInput: field('parallelism') })),
      h('label', { class: 'field wide' }, h('span', null, 'Program arguments'), h('input', { name: 'programArgs', type: 'text', placeholder: '--input data.txt --window 10s', value: form.programArgs, onInput: field('programArgs') })),
      h('label', { class: 'field wide' }, h('span', null, 'Savepoint path'), h('input', { name: 'savepointPath', type: 'text', placeholder: 'start from a savepoint (optional)', value: form.savepointPath, onInput: field('savepointPath') })),
      h(
        'label',
        { class: 'check' },
        h('input', { type: 'checkbox', checked: form.allowNonRestoredState, onChange: (e: Event) => setForm({ ...form, allowNonRestoredState: (e.currentTarget as HTMLInputElement).checked }) }),
        ' Allow non-restored state',
      ),
      h(
        'div',
        { class: 'form-actions' },
        h('button', { type: 'button', class: 'btn', disabled: status.busy, onClick: () => void showPlan() }, 'Show plan'),
        h('button', { type: 'submit', class: 'btn primary', disabled: status.busy }, status.busy ? 'Working…' : 'Submit'),
        h('button', { type: 'button', class: 'btn danger subtle', disabled: status.busy, onClick: () => void remove() }, 'Delete artifact'),
      ),
    ),
    status.error !== undefined ? h(Notice, { kind: 'error' }, h('pre', { class: 'plain' }, status.error)) : null,
    plan !== undefined
      ? h('div', { class: 'plan' }, h('h3', null, `Plan: ${plan.name ?? jar.name}`), h('div', { class: 'graph-area short' }, h(DagView, { vertices: plan.nodes.map((n) => ({ id: n.id, name: n.operator ?? n.id, parallelism: n.parallelism, ...(n.description !== undefined ? { description: n.description } : {}) })), edges: planEdges(plan.nodes), plan: true })))
      : null,
  );
}

export function SubmitPage(): ComponentChild {
  const { features } = useAppConfig();
  const jars = usePoll((signal) => getJson<JarList>('jars', signal), 5000, []);
  const [selected, setSelected] = useState<string | undefined>(undefined);
  if (!features.submit) {
    return h('div', { class: 'page' }, h('header', { class: 'page-head' }, h('h1', null, 'Submit new job')), h(Notice, { kind: 'missing' }, 'Web submission is disabled on this cluster (web.submit.enable: false).'));
  }
  const files = [...(jars.data?.files ?? [])].sort((a, b) => b.uploaded - a.uploaded);
  const chosen = files.find((f) => f.id === selected);
  return h(
    'div',
    { class: 'page' },
    h('header', { class: 'page-head' }, h('h1', null, 'Submit new job')),
    h(Upload, {
      onUploaded: (id) => {
        setSelected(id);
        jars.refresh();
      },
    }),
    h(
      Card,
      { title: `Uploaded artifacts (${files.length})` },
      h(PollError, { error: jars.error }),
      h(
        'table',
        { class: 'grid selectable' },
        h('thead', null, h('tr', null, h('th', null, 'Name'), h('th', null, 'Uploaded'), h('th', null, 'ID'))),
        h(
          'tbody',
          null,
          files.length === 0
            ? h(EmptyRow, { columns: 3, text: jars.loading ? 'Loading…' : 'Nothing uploaded yet' })
            : files.map((jar) =>
                h(
                  'tr',
                  { key: jar.id, class: jar.id === selected ? 'selected' : '', onClick: () => setSelected(jar.id), 'data-jar-id': jar.id },
                  h('td', { class: 'name-cell' }, h('button', { type: 'button', class: 'link', onClick: () => setSelected(jar.id) }, h(Clip, { text: jar.name }))),
                  h('td', { class: 'nowrap' }, formatDate(jar.uploaded)),
                  h('td', { class: 'mono muted clip-cell', title: jar.id }, jar.id),
                ),
              ),
        ),
      ),
    ),
    chosen !== undefined
      ? h(RunJar, {
          key: chosen.id,
          jar: chosen,
          onDeleted: () => {
            setSelected(undefined);
            jars.refresh();
          },
        })
      : null,
  );
}
