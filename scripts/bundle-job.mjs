#!/usr/bin/env node
// Bundles a job file into a job artifact (Weir's JAR): one .mjs file to upload on the
// dashboard's Submit page or with POST /jars/upload.
//
//   node scripts/bundle-job.mjs <job.ts|job.js> [out.mjs]
//
// The artifact leaves `weir` out: the cluster that runs it supplies the API. Needs a
// built checkout (`npm run build`), whose artifact builder it uses.
import { writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const [entry, out] = process.argv.slice(2);
if (entry === undefined || entry === '-h' || entry === '--help') {
  process.stderr.write('usage: node scripts/bundle-job.mjs <job.ts|job.js> [out.mjs]\n');
  process.exit(entry === undefined ? 2 : 0);
}

const builder = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'src', 'client', 'artifact.js');
let buildArtifact;
try {
  ({ buildArtifact } = await import(pathToFileURL(builder).href));
} catch {
  process.stderr.write(`bundle-job: ${builder} is missing; run 'npm run build' first\n`);
  process.exit(1);
}

const target = resolve(out ?? `${basename(entry, extname(entry))}.mjs`);
try {
  const artifact = await buildArtifact(resolve(entry));
  await writeFile(target, artifact.bytes);
  process.stdout.write(`${target} (${artifact.bytes.length} bytes, sha256 ${artifact.hash.slice(0, 12)})\n`);
  // The artifact builder loads the whole API, whose modules may hold timers open.
  process.exit(0);
} catch (error) {
  process.stderr.write(`bundle-job: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
