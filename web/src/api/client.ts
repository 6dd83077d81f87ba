/**
 * The dashboard's only door to the JobManager. Paths are relative to the page, so the
 * dashboard also works behind a proxy that serves it under a prefix.
 */

/** A failed request, with the server's own message (`{"errors": [...]}`) when it sent one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Statuses that mean "this cluster has no such route or object": the page shows "—". */
const ABSENT_STATUSES = new Set([404, 405, 501]);

export function isAbsent(error: unknown): boolean {
  return error instanceof ApiError && ABSENT_STATUSES.has(error.status);
}

function url(path: string): string {
  return new URL(path.replace(/^\/+/, ''), document.baseURI).href;
}

async function failure(response: Response): Promise<ApiError> {
  const text = await response.text().catch(() => '');
  let message = text.trim() === '' ? `${response.status} ${response.statusText}` : text;
  try {
    const body = JSON.parse(text) as { errors?: unknown };
    if (Array.isArray(body.errors) && body.errors.length > 0) message = body.errors.map(String).join('\n');
  } catch {
    // Not JSON: the text itself is the best message there is.
  }
  return new ApiError(response.status, message);
}

async function request(path: string, init: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url(path), init);
  } catch (error) {
    if (init.signal?.aborted === true) throw error;
    throw new ApiError(0, 'the JobManager cannot be reached');
  }
  if (!response.ok) throw await failure(response);
  return response;
}

export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const response = await request(path, { headers: { accept: 'application/json' }, ...(signal ? { signal } : {}) });
  return (await response.json()) as T;
}

/** Like getJson, but a route or object the cluster does not have answers undefined. */
export async function getOptional<T>(path: string, signal?: AbortSignal): Promise<T | undefined> {
  try {
    return await getJson<T>(path, signal);
  } catch (error) {
    if (isAbsent(error)) return undefined;
    throw error;
  }
}

export async function getText(path: string, signal?: AbortSignal): Promise<string | undefined> {
  try {
    const response = await request(path, signal ? { signal } : {});
    return await response.text();
  } catch (error) {
    if (isAbsent(error)) return undefined;
    throw error;
  }
}

export async function sendJson<T>(method: 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const response = await request(path, {
    method,
    headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return (text.trim() === '' ? {} : JSON.parse(text)) as T;
}

/** Flink's upload: multipart with the file in the `jarfile` field. */
export async function uploadJar<T>(file: File): Promise<T> {
  const form = new FormData();
  form.append('jarfile', file, file.name);
  const response = await request('jars/upload', { method: 'POST', body: form });
  return (await response.json()) as T;
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
