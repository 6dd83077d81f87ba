/**
 * Reading a process's log files back for the REST API. Only files of this process's log
 * (`<base>.log`, `<base>.log.<n>`) found by listing the log directory can be read: a
 * name from a request is looked up in that listing, never joined onto a path, so no name
 * reaches a file outside the directory or another process's log.
 */
import { open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

export interface LogFileInfo {
  readonly name: string;
  readonly size: number;
  readonly mtime: number;
}

export interface LogFileText {
  readonly name: string;
  readonly text: string;
  /** The file's size; larger than the text when only its end was read. */
  readonly size: number;
  readonly truncated: boolean;
}

/** The most of a log file the REST API returns: its end, where the news is. */
export const MAX_LOG_BYTES = 1024 * 1024;

export interface LogLocation {
  readonly dir: string;
  readonly baseName: string;
}

function isOwnFile(location: LogLocation, name: string): boolean {
  if (!name.startsWith(`${location.baseName}.log`)) return false;
  const rest = name.slice(location.baseName.length + '.log'.length);
  return rest === '' || /^\.\d{1,4}$/.test(rest);
}

/** The current file first, then rolled-over ones, newest first. */
export async function listLogFiles(location: LogLocation): Promise<LogFileInfo[]> {
  let names: string[];
  try {
    names = await readdir(location.dir);
  } catch {
    return [];
  }
  const files = await Promise.all(
    names
      .filter((name) => isOwnFile(location, name))
      .map(async (name) => {
        const info = await stat(join(location.dir, name)).catch(() => undefined);
        return info?.isFile() === true ? { name, size: info.size, mtime: Math.round(info.mtimeMs) } : undefined;
      }),
  );
  const order = (name: string): number => Number(name.slice(`${location.baseName}.log.`.length) || '0');
  return files.filter((f): f is LogFileInfo => f !== undefined).sort((a, b) => order(a.name) - order(b.name));
}

/** The end of one of this process's log files (at most `maxBytes`); undefined for a name not in the listing. */
export async function readLogFile(location: LogLocation, name: string, maxBytes = MAX_LOG_BYTES): Promise<LogFileText | undefined> {
  const listed = (await listLogFiles(location)).find((file) => file.name === name);
  if (listed === undefined) return undefined;
  const handle = await open(join(location.dir, listed.name), 'r');
  try {
    const size = (await handle.stat()).size;
    const length = Math.min(size, maxBytes);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    let text = buffer.toString('utf8');
    // A cut through the middle starts at the next whole line.
    if (length < size) text = text.slice(text.indexOf('\n') + 1);
    return { name: listed.name, text, size, truncated: length < size };
  } finally {
    await handle.close();
  }
}
