import { ShapeRecordSerializer } from './shape-record-serializer.js';
import type { RecordSerializer } from './record-serializer.js';

export type { RecordSerializer } from './record-serializer.js';
export { MsgpackRecordSerializer } from './msgpack-record-serializer.js';
export { ShapeRecordSerializer } from './shape-record-serializer.js';

/** The serializer tasks use for the records they exchange. */
export function createRecordSerializer(): RecordSerializer {
  return new ShapeRecordSerializer();
}
