/**
 * The payloads of `POST /jobs/:jobid/coordinators/:operatorid` (Flink's client
 * coordination route, which remote `executeAndCollect` uses): base64 of MessagePack,
 * because collected records are whatever the job produced (Map, Set, Date, bigint,
 * binary) and JSON would flatten them.
 */
import { Packr } from 'msgpackr';
import type { CollectBatch } from '../api/job-client.js';
import { WeirError, errorMessage } from '../core/errors.js';

export interface CollectRequest {
  readonly offset: number;
}

// msgpackr writes derived settings back into its options, so each call gets fresh ones;
// records stay inline, so every message decodes on its own.
function packr(): Packr {
  return new Packr({ useRecords: true, moreTypes: true, copyBuffers: true });
}

export function encodeCollectRequest(request: CollectRequest): string {
  return Buffer.from(packr().pack(request)).toString('base64');
}

/** Reads a request from a client; throws REST_BAD_REQUEST naming what is wrong. */
export function decodeCollectRequest(base64: string): CollectRequest {
  const value = unpack(base64, 'serializedCoordinationRequest');
  const offset = typeof value === 'object' && value !== null ? (value as { offset?: unknown }).offset : undefined;
  if (typeof offset !== 'number' || !Number.isSafeInteger(offset) || offset < 0) {
    throw new WeirError(
      'REST_BAD_REQUEST',
      'serializedCoordinationRequest must encode {offset}, a non-negative integer: the number of records the client already has',
    );
  }
  return { offset };
}

export function encodeCollectBatch(batch: CollectBatch): string {
  try {
    return Buffer.from(packr().pack({ records: batch.records, finished: batch.finished })).toString('base64');
  } catch (error) {
    throw new WeirError('SERIALIZATION_FAILED', `could not encode collected records for the client: ${errorMessage(error)}`, {
      cause: error,
    });
  }
}

/** Reads the server's answer; throws REST_SERVER_ERROR when it is not a batch. */
export function decodeCollectBatch(base64: string): CollectBatch {
  let value: unknown;
  try {
    value = unpack(base64, 'serializedCoordinationResult');
  } catch (error) {
    throw new WeirError('REST_SERVER_ERROR', errorMessage(error), { cause: error });
  }
  const batch = value as { records?: unknown; finished?: unknown } | null;
  if (batch === null || typeof batch !== 'object' || !Array.isArray(batch.records) || typeof batch.finished !== 'boolean') {
    throw new WeirError('REST_SERVER_ERROR', 'the server answered the collect request with something other than {records, finished}');
  }
  return { records: batch.records as unknown[], finished: batch.finished };
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function unpack(base64: string, field: string): unknown {
  if (!BASE64.test(base64)) throw new WeirError('REST_BAD_REQUEST', `${field} must be base64`);
  try {
    return packr().unpack(Buffer.from(base64, 'base64'));
  } catch (error) {
    throw new WeirError('REST_BAD_REQUEST', `${field} is not valid MessagePack: ${errorMessage(error)}`, { cause: error });
  }
}
