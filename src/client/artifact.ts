/**
 * Builds a job artifact, Weir's JAR: the job module and everything it imports bundled
 * into one ES module by esbuild. `weir` itself is not bundled: the artifact reads the API
 * of the runtime that loads it, so client, slots and coordinators share one API copy.
 */
import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { WeirError } from '../core/errors.js';
import { WEIR_API_GLOBAL } from '../runtime/program/api-global.js';

export interface Artifact {
  readonly bytes: Uint8Array;
  readonly hash: string;
}

async function apiExportNames(): Promise<string[]> {
  const api: Record<string, unknown> = await import('../index.js');
  return Object.keys(api).filter((name) => name !== 'default');
}

function weirApiPlugin(exportNames: readonly string[]): Plugin {
  return {
    name: 'weir-api',
    setup(builder) {
      builder.onResolve({ filter: /^weir$/ }, () => ({ path: 'weir', namespace: 'weir-api' }));
      builder.onLoad({ filter: /.*/, namespace: 'weir-api' }, () => ({
        contents: [
          `const api = globalThis[${JSON.stringify(WEIR_API_GLOBAL)}];`,
          `if (api === undefined) throw new Error("this Weir job artifact must be run by Weir: 'weir run <job>'");`,
          ...exportNames.map((name) => `export const ${name} = api.${name};`),
        ].join('\n'),
        loader: 'js',
      }));
    },
  };
}

/** Bundles `entry` (a .ts or .js job file) into an artifact. */
export async function buildArtifact(entry: string): Promise<Artifact> {
  const exportNames = await apiExportNames();
  try {
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      write: false,
      sourcemap: 'inline',
      // Sources are relative to the working directory; the artifact runs from a temporary
      // one, so anchor them here: stack traces then name the user's own file.
      sourceRoot: `${pathToFileURL(process.cwd()).href}/`,
      logLevel: 'silent',
      plugins: [weirApiPlugin(exportNames)],
      // Bundled CommonJS packages may call require() for Node's built-ins.
      banner: { js: "import { createRequire as __weirCreateRequire } from 'node:module'; const require = __weirCreateRequire(import.meta.url);" },
    });
    const output = result.outputFiles[0];
    if (output === undefined) throw new Error('esbuild produced no output');
    const bytes = output.contents;
    return { bytes, hash: createHash('sha256').update(bytes).digest('hex') };
  } catch (error) {
    const messages = (error as { errors?: { text: string; location?: { file: string; line: number; column: number } | null }[] }).errors;
    const detail =
      messages !== undefined && messages.length > 0
        ? messages.map((m) => (m.location ? `${m.location.file}:${m.location.line}:${m.location.column}: ${m.text}` : m.text)).join('\n')
        : String(error);
    throw new WeirError('ARTIFACT_BUILD_FAILED', `could not bundle the job ${entry}:\n${detail}`, { cause: error });
  }
}
