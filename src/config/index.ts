export * from './options.js';
export { Configuration, type FromMapOptions } from './configuration.js';
export {
  loadConfiguration,
  parseConfigYaml,
  parseDynamicProperty,
  resolveConfDir,
  CONFIG_FILE_NAME,
  CONF_DIR_ENV,
  PROPERTIES_ENV,
  type LoadConfigurationOptions,
} from './loader.js';
export { parseDuration, parseMemorySize, formatDuration, formatMemorySize, type ValueContext } from './units.js';
export { renderConfigDocs } from './render-docs.js';
