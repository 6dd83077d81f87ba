import { randomBytes } from 'node:crypto';

/**
 * Typed ids. Each is 32 lowercase hex characters, as Flink's REST API shows them, and
 * branded so that a JobId cannot be passed where an AllocationId is expected.
 */
type Brand<T, B extends string> = T & { readonly __brand: B };

export type JobId = Brand<string, 'JobId'>;
export type JobVertexId = Brand<string, 'JobVertexId'>;
export type AllocationId = Brand<string, 'AllocationId'>;
export type ResourceId = Brand<string, 'ResourceId'>;
export type ExecutionAttemptId = Brand<string, 'ExecutionAttemptId'>;
export type JobMasterId = Brand<string, 'JobMasterId'>;
export type ResourceManagerId = Brand<string, 'ResourceManagerId'>;

const HEX_ID = /^[0-9a-f]{32}$/;

function generateHex(): string {
  return randomBytes(16).toString('hex');
}

function idFactory<T extends string>() {
  return {
    generate: (): T => generateHex() as T,
    isValid: (value: string): value is T => HEX_ID.test(value),
    of: (value: string): T => value as T,
  };
}

export const JobId = idFactory<JobId>();
export const JobVertexId = idFactory<JobVertexId>();
export const AllocationId = idFactory<AllocationId>();
export const ResourceId = idFactory<ResourceId>();
export const ExecutionAttemptId = idFactory<ExecutionAttemptId>();
export const JobMasterId = idFactory<JobMasterId>();
export const ResourceManagerId = idFactory<ResourceManagerId>();

export function isHexId(value: string): boolean {
  return HEX_ID.test(value);
}
