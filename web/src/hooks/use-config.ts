/**
 * GET /config, read once at start: the version for the header and the features that
 * decide whether Submit and Cancel are offered at all.
 */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { DashboardConfig } from '../api/flink-types.js';

export interface Features {
  readonly submit: boolean;
  readonly cancel: boolean;
}

export interface AppConfig {
  readonly version: string | undefined;
  readonly timezone: string | undefined;
  readonly features: Features;
}

/** Until /config answers, nothing that changes a job is offered. */
export const LOADING_CONFIG: AppConfig = { version: undefined, timezone: undefined, features: { submit: false, cancel: false } };

export function appConfig(body: DashboardConfig): AppConfig {
  return {
    version: body['flink-version'],
    timezone: body['timezone-name'],
    features: { submit: body.features?.['web-submit'] ?? false, cancel: body.features?.['web-cancel'] ?? false },
  };
}

export const ConfigContext = createContext<AppConfig>(LOADING_CONFIG);

export function useAppConfig(): AppConfig {
  return useContext(ConfigContext);
}
