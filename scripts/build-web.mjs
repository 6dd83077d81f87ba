// Builds the dashboard (web/) into web/dist: esbuild bundles web/src/main.ts and
// web/src/styles.css into web/dist/assets/, and index.html and the icon are copied.
// The type check is a separate step of `npm run build` (tsc -p web/tsconfig.json).
import { build } from 'esbuild';
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = join(dirname(fileURLToPath(import.meta.url)), '..', 'web');
const dist = join(web, 'dist');

await rm(dist, { recursive: true, force: true });
await mkdir(join(dist, 'assets'), { recursive: true });
await build({
  entryPoints: { app: join(web, 'src', 'main.ts'), 'app-style': join(web, 'src', 'styles.css') },
  outdir: join(dist, 'assets'),
  entryNames: '[name]',
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['es2022', 'chrome110', 'firefox110', 'safari16'],
  minify: true,
  sourcemap: true,
  legalComments: 'none',
  logLevel: 'warning',
});
// One stylesheet name for index.html, whatever esbuild calls a CSS entry.
await copyFile(join(dist, 'assets', 'app-style.css'), join(dist, 'assets', 'app.css'));
await rm(join(dist, 'assets', 'app-style.css'));
await rm(join(dist, 'assets', 'app-style.css.map'), { force: true });
await copyFile(join(web, 'index.html'), join(dist, 'index.html'));
await copyFile(join(web, 'favicon.svg'), join(dist, 'assets', 'favicon.svg'));
