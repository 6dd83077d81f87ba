/**
 * Program arguments of `/jars/:jarid/run` and `/plan`, read as Flink reads them: a list
 * (`programArgsList`, preferred) or one string split at whitespace outside quotes
 * (`programArgs`, and the `programArg` query parameter as a comma-separated list).
 */
import { WeirError } from '../core/errors.js';

/** `--name "a b" --x 'c'` → `['--name', 'a b', '--x', 'c']`. */
export function tokenizeArguments(text: string): string[] {
  const args: string[] = [];
  const token = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (const match of text.matchAll(token)) args.push(match[1] ?? match[2] ?? match[3] ?? '');
  return args;
}

export interface ArgumentSources {
  readonly programArgsList?: readonly string[] | undefined;
  readonly programArgs?: string | undefined;
  /** The `programArg` query parameter. */
  readonly programArgQuery?: string | undefined;
  /** The deprecated `program-args` query parameter. */
  readonly programArgsQuery?: string | undefined;
}

/** The body wins over the query, as in Flink; both body forms at once are ambiguous. */
export function programArguments(sources: ArgumentSources): string[] {
  const { programArgsList, programArgs } = sources;
  if (programArgsList !== undefined && programArgs !== undefined) {
    throw new WeirError(
      'REST_BAD_REQUEST',
      "the request body sets both 'programArgsList' and 'programArgs'; use only 'programArgsList'",
    );
  }
  if (programArgsList !== undefined) return [...programArgsList];
  if (programArgs !== undefined) return tokenizeArguments(programArgs);
  if (sources.programArgQuery !== undefined) return sources.programArgQuery.split(',').filter((arg) => arg !== '');
  if (sources.programArgsQuery !== undefined) return tokenizeArguments(sources.programArgsQuery);
  return [];
}
