import { MsgpackRecordSerializer } from './msgpack-record-serializer.js';
import type { RecordSerializer } from './record-serializer.js';

export type { RecordSerializer } from './record-serializer.js';
export { MsgpackRecordSerializer } from './msgpack-record-serializer.js';

/** The serializer tasks use for the records they exchange. */
export function createRecordSerializer(): RecordSerializer {
  return new MsgpackRecordSerializer();
}
