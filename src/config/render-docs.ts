import { pathToFileURL } from 'node:url';
import { formatValue } from './codecs.js';
import { isDerivedDefault, OPTION_GROUPS, REPLACED_FLINK_KEYS, type AnyConfigOption, type OptionType } from './options.js';

/**
 * docs/config.md is rendered from the catalogue, and a test compares the two, so the
 * reference cannot drift from the code. Regenerate after changing an option:
 * `npm run build && node dist/src/config/render-docs.js > docs/config.md`.
 */

const TYPE_NAMES: Readonly<Record<OptionType, string>> = {
  int: 'Integer',
  double: 'Double',
  duration: 'Duration',
  memory: 'MemorySize',
  boolean: 'Boolean',
  string: 'String',
  enum: 'Enum',
};

const INTRO = `<!-- Generated from src/config/options.ts by src/config/render-docs.ts. Do not edit by hand. -->

# Configuration

Weir reads Apache Flink's configuration keys, with Flink's defaults unless a row says
otherwise. Keys marked **(Weir)** do not exist in Flink. Where Flink renamed a key, the
older name is still read and the row says so.

## Where values come from

Each layer overrides the ones above it:

1. the defaults below;
2. \`config.yaml\` in the configuration directory: the one passed to the command, else
   \`$WEIR_CONF_DIR\`, else \`./conf\` if it exists (see \`conf/config.yaml\`);
3. the \`WEIR_PROPERTIES\` environment variable: \`key: value\` lines, like Flink's
   \`FLINK_PROPERTIES\`;
4. \`-D key=value\` arguments.

As in Flink's \`config.yaml\`, keys may be nested (\`rest:\` then \`  port: 8081\`) or flat
(\`rest.port: 8081\`). A key with no value keeps its default. Everything is checked at
startup: an unknown key fails and names the nearest known one, a bad value fails with an
example of a good one.

## Values

- **Duration**: a whole number and a unit: \`ns\`, \`us\`, \`ms\`, \`s\`, \`min\` (or \`m\`),
  \`h\`, \`d\`, or the long forms (\`milli\`, \`seconds\`, \`minutes\`, …). No unit means
  milliseconds: \`100\`, \`100ms\` and \`100 ms\` are the same.
- **MemorySize**: a whole number and a binary unit: \`b\`, \`kb\`, \`mb\`, \`gb\`, \`tb\` (or
  \`k\`, \`m\`, \`g\`, \`t\`). No unit means bytes: \`32kb\`, \`32 kb\` and \`32768\` are the same.
- **Boolean**: \`true\` or \`false\`. **Enum**: one of the listed values, in any case.
`;

/** Renders docs/config.md from the option catalogue. */
export function renderConfigDocs(): string {
  const sections = OPTION_GROUPS.map((group) =>
    [`## ${group.title}`, '', '| Key | Default | Type | Description |', '|---|---|---|---|', ...group.options.map(row)].join('\n'),
  );
  const replaced = [
    '## Flink keys Weir replaces',
    '',
    'These Flink keys are rejected with the advice below, because Weir has a different mechanism.',
    '',
    '| Flink key | Instead |',
    '|---|---|',
    ...Object.entries(REPLACED_FLINK_KEYS).map(([key, advice]) => `| \`${key}\` | ${cell(advice)}. |`),
  ].join('\n');
  return `${INTRO}\n${[...sections, replaced].join('\n\n')}\n`;
}

function row(option: AnyConfigOption): string {
  const key = `\`${option.key}\`${option.weirOnly === true ? ' **(Weir)**' : ''}`;
  return `| ${key} | ${cell(defaultText(option))} | ${TYPE_NAMES[option.type]} | ${cell(description(option))} |`;
}

function defaultText(option: AnyConfigOption): string {
  const fallback = option.default;
  if (isDerivedDefault(fallback)) return fallback.text;
  return fallback === undefined ? '(none)' : `\`${formatValue(option.type, fallback)}\``;
}

function description(option: AnyConfigOption): string {
  const parts = [option.description];
  const { min, max } = option;
  const bound = (value: number): string => `\`${formatValue(option.type, value)}\``;
  if (min !== undefined && max !== undefined) parts.push(`Between ${bound(min)} and ${bound(max)}.`);
  else if (min !== undefined) parts.push(`At least ${bound(min)}.`);
  else if (max !== undefined) parts.push(`At most ${bound(max)}.`);
  if (option.enumValues !== undefined) parts.push(`Values: ${option.enumValues.map((v) => `\`${v}\``).join(', ')}.`);
  const deprecated = option.deprecatedKeys ?? [];
  if (deprecated.length > 0) parts.push(`Also read from ${deprecated.map((k) => `\`${k}\``).join(', ')}.`);
  return parts.join(' ');
}

function cell(text: string): string {
  return text.replaceAll('|', '\\|');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(renderConfigDocs());
}
