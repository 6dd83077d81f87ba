import { WeirError } from '../../core/errors.js';

/**
 * Names of part files: `<prefix>-<subtask>-<n><suffix>` once committed (Flink's
 * OutputFileConfig; prefix 'part' and no suffix by default).
 *
 * ```ts
 * OutputFileConfig.builder().withPartPrefix('events').withPartSuffix('.txt').build();
 * ```
 */
export class OutputFileConfig {
  /** @internal use {@link OutputFileConfig.builder} */
  constructor(
    readonly partPrefix: string,
    readonly partSuffix: string,
  ) {}

  static builder(): OutputFileConfigBuilder {
    return new OutputFileConfigBuilder();
  }
}

export class OutputFileConfigBuilder {
  private partPrefix = 'part';
  private partSuffix = '';

  withPartPrefix(prefix: string): this {
    this.partPrefix = checkName('withPartPrefix', prefix);
    return this;
  }

  withPartSuffix(suffix: string): this {
    this.partSuffix = checkName('withPartSuffix', suffix);
    return this;
  }

  build(): OutputFileConfig {
    return new OutputFileConfig(this.partPrefix, this.partSuffix);
  }
}

function checkName(method: string, value: string): string {
  if (value.includes('/') || value.includes('\\') || value.includes('\0')) {
    throw new WeirError('GRAPH_INVALID', `OutputFileConfig.${method}: '${value}' must not contain a path separator`);
  }
  return value;
}
