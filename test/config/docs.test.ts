import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { it } from 'node:test';
import { renderConfigDocs } from '../../src/config/index.js';

void it('docs/config.md is the rendering of the option catalogue', () => {
  const written = readFileSync(path.resolve('docs/config.md'), 'utf8');
  assert.equal(
    written,
    renderConfigDocs(),
    'docs/config.md is stale: run `npm run build && node dist/src/config/render-docs.js > docs/config.md`',
  );
});
