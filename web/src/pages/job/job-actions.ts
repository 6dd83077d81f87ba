/**
 * Cancel and Stop-with-savepoint for a running job. Both end the job, so both ask first;
 * both are offered only when GET /config says `web-cancel`. Stop polls the savepoint
 * trigger until it completes and shows where the savepoint went, or why it failed.
 */
import { h, type ComponentChild } from 'preact';
import { useState } from 'preact/hooks';
import { errorText, getJson, isAbsent, sendJson } from '../../api/client.js';
import type { AsynchronousOperationResult, JobDetails, TriggerResponse } from '../../api/flink-types.js';
import { Modal } from '../../components/modal.js';
import { Notice } from '../../components/ui.js';
import { useAppConfig } from '../../hooks/use-config.js';
import { isTerminal } from './job-state.js';

const SAVEPOINT_POLL_MS = 1000;
const SAVEPOINT_TIMEOUT_MS = 10 * 60_000;

type Dialog = 'none' | 'cancel' | 'stop';

async function awaitSavepoint(jobId: string, triggerId: string): Promise<string> {
  const deadline = Date.now() + SAVEPOINT_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const result = await getJson<AsynchronousOperationResult>(`jobs/${jobId}/savepoints/${triggerId}`);
    if (result.status.id === 'COMPLETED') {
      const failure = result.operation?.['failure-cause'];
      if (failure !== undefined) throw new Error(failure['stack-trace'] ?? failure.class ?? 'the savepoint failed');
      return result.operation?.location ?? '(no location reported)';
    }
    await new Promise((resolve) => setTimeout(resolve, SAVEPOINT_POLL_MS));
  }
  throw new Error('the savepoint did not complete within 10 minutes; check the job’s checkpoints tab');
}

export function JobActions({ job, onChanged }: { readonly job: JobDetails; readonly onChanged: () => void }): ComponentChild {
  const { features } = useAppConfig();
  const [dialog, setDialog] = useState<Dialog>('none');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'info' | 'error'; text: string } | undefined>(undefined);
  const [directory, setDirectory] = useState('');
  const [drain, setDrain] = useState(false);

  if (!features.cancel || isTerminal(job.state)) return message === undefined ? null : h(Notice, { kind: message.kind }, message.text);

  const close = (): void => setDialog('none');
  const cancel = async (): Promise<void> => {
    setBusy(true);
    try {
      await sendJson('PATCH', `jobs/${job.jid}?mode=cancel`);
      setMessage({ kind: 'info', text: 'Cancellation requested.' });
      close();
      onChanged();
    } catch (error) {
      setMessage({ kind: 'error', text: `Could not cancel: ${errorText(error)}` });
    } finally {
      setBusy(false);
    }
  };
  const stop = async (): Promise<void> => {
    setBusy(true);
    try {
      const body = { drain, ...(directory.trim() === '' ? {} : { targetDirectory: directory.trim() }) };
      const trigger = await sendJson<TriggerResponse>('POST', `jobs/${job.jid}/stop`, body);
      setMessage({ kind: 'info', text: 'Stopping with a savepoint…' });
      close();
      const location = await awaitSavepoint(job.jid, trigger['request-id']);
      setMessage({ kind: 'info', text: `Stopped; savepoint at ${location}` });
      onChanged();
    } catch (error) {
      const why = isAbsent(error) ? 'this cluster does not offer stop-with-savepoint (POST /jobs/:id/stop) yet' : errorText(error);
      setMessage({ kind: 'error', text: `Could not stop with a savepoint: ${why}` });
      close();
    } finally {
      setBusy(false);
    }
  };

  return h(
    'div',
    { class: 'job-actions' },
    message !== undefined ? h(Notice, { kind: message.kind }, message.text) : null,
    h('button', { type: 'button', class: 'btn', disabled: busy || job.state !== 'RUNNING', onClick: () => setDialog('stop') }, 'Stop with savepoint'),
    h('button', { type: 'button', class: 'btn danger', disabled: busy || job.state === 'CANCELLING', onClick: () => setDialog('cancel') }, 'Cancel job'),
    dialog === 'cancel'
      ? h(
          Modal,
          { title: 'Cancel job', onClose: close },
          h('p', null, 'Cancel ', h('strong', null, job.name), '? Its tasks stop now; state since the last checkpoint is not kept.'),
          h(
            'div',
            { class: 'modal-actions' },
            h('button', { type: 'button', class: 'btn', onClick: close }, 'Keep running'),
            h('button', { type: 'button', class: 'btn danger', disabled: busy, onClick: () => void cancel() }, 'Yes, cancel job'),
          ),
        )
      : null,
    dialog === 'stop'
      ? h(
          Modal,
          { title: 'Stop with savepoint', onClose: close },
          h('p', null, 'Take a savepoint of ', h('strong', null, job.name), ', then stop it. A new run can start from the savepoint.'),
          h(
            'label',
            { class: 'field' },
            h('span', null, 'Savepoint directory'),
            h('input', { type: 'text', placeholder: 'default: execution.checkpointing.savepoint-dir', value: directory, onInput: (e: Event) => setDirectory((e.currentTarget as HTMLInputElement).value) }),
          ),
          h('label', { class: 'check' }, h('input', { type: 'checkbox', checked: drain, onChange: (e: Event) => setDrain((e.currentTarget as HTMLInputElement).checked) }), ' Drain: emit the final watermark first, so timers and windows fire'),
          h(
            'div',
            { class: 'modal-actions' },
            h('button', { type: 'button', class: 'btn', onClick: close }, 'Back'),
            h('button', { type: 'button', class: 'btn primary', disabled: busy, onClick: () => void stop() }, 'Stop job'),
          ),
        )
      : null,
  );
}
