import { Configuration, DEFAULT_PARALLELISM, loadConfiguration } from '../config/index.js';
import { WeirError } from '../core/errors.js';
import type { CommonOptions } from './main.js';

/** The configuration a command runs with: files, environment, -D, then the command's own flags. */
export function cliConfiguration(options: CommonOptions): Configuration {
  let config = loadConfiguration({
    ...(options.confDir !== undefined ? { confDir: options.confDir } : {}),
    dynamicProperties: options.define,
    env: process.env,
  });
  if (options.parallelism !== undefined) {
    const parallelism = Number(options.parallelism);
    if (!Number.isInteger(parallelism) || parallelism < 1) {
      throw new WeirError('CLI_USAGE', `--parallelism expects a positive integer, got '${options.parallelism}'`);
    }
    config = config.set(DEFAULT_PARALLELISM, parallelism);
  }
  return config;
}
