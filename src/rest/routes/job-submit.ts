/**
 * `POST /jobs`: job submission in Flink's multipart shape. A field `request` holds
 * `{jobGraphFileName, jobJarFileNames}`; the files it names are parts of the same
 * request. For Weir the job graph file is a JobGraphFile (JSON) and the one "jar" is
 * the job's artifact.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { WeirError, errorMessage } from '../../core/errors.js';
import { payloadTooLarge } from '../errors.js';
import { JOB_GRAPH_FILE_SCHEMA, checkJobGraph, type JobGraphFile } from '../job-graph-file.js';
import { savepointRestore } from '../local-paths.js';
import type { JobSubmitRequestBody, JobSubmitResponseBody } from '../messages.js';
import type { RestContext } from '../rest-context.js';
import { validateWith } from '../validation.js';

const REQUEST_FIELD_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['jobGraphFileName', 'jobJarFileNames'],
  properties: {
    jobGraphFileName: { type: 'string', minLength: 1 },
    jobJarFileNames: { type: 'array', items: { type: 'string' } },
    // Flink's distributed-cache files; Weir has none, so only an empty list is accepted.
    jobArtifactFileNames: { type: 'array', maxItems: 0 },
    // Flink carries these in the serialized JobGraph; Weir's job graph file has no place for them.
    savepointPath: { type: 'string', minLength: 1, maxLength: 4096 },
    allowNonRestoredState: { type: 'boolean' },
  },
};

const USAGE =
  "POST /jobs takes multipart/form-data: a field 'request' with {\"jobGraphFileName\", \"jobJarFileNames\"} and the files it names (docs/rest.md)";

/** The request field is small; a job graph file or artifact may be as large as the limit allows. */
const MAX_REQUEST_FIELD_BYTES = 1024 * 1024;
const MAX_PARTS = 8;

function bad(message: string): WeirError {
  return new WeirError('REST_BAD_REQUEST', message);
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw bad(`${what} is not valid JSON: ${errorMessage(error)}`);
  }
}

interface Upload {
  readonly request: unknown;
  readonly files: ReadonlyMap<string, Buffer>;
}

async function readUpload(request: FastifyRequest, maxBytes: number): Promise<Upload> {
  if (!request.isMultipart()) throw bad(USAGE);
  let requestField: unknown;
  const files = new Map<string, Buffer>();
  let total = 0;
  const parts = request.parts({
    limits: { fileSize: maxBytes, fieldSize: MAX_REQUEST_FIELD_BYTES, parts: MAX_PARTS, files: MAX_PARTS - 1 },
  });
  for await (const part of parts) {
    if (part.type === 'field') {
      if (part.fieldname !== 'request') throw bad(`unknown multipart field '${part.fieldname}'; ${USAGE}`);
      if (part.valueTruncated) throw bad(`the 'request' field is larger than ${MAX_REQUEST_FIELD_BYTES} bytes`);
      requestField = typeof part.value === 'string' ? parseJson(part.value, "the 'request' field") : part.value;
      continue;
    }
    const bytes = await part.toBuffer();
    total += bytes.byteLength;
    if (total > maxBytes) throw payloadTooLarge(maxBytes);
    // Some clients send the request JSON as a file part; Flink's client sends a field.
    if (part.fieldname === 'request') requestField = parseJson(bytes.toString('utf8'), "the 'request' part");
    else if (files.has(part.filename)) throw bad(`two uploaded files are named '${part.filename}'`);
    else files.set(part.filename, bytes);
  }
  if (requestField === undefined) throw bad(`the 'request' field is missing; ${USAGE}`);
  return { request: requestField, files };
}

export function registerJobSubmitRoute(app: FastifyInstance, ctx: RestContext): void {
  app.post('/jobs', async (request, reply) => {
    const upload = await readUpload(request, ctx.maxContentLength);
    const body = validateWith<JobSubmitRequestBody>(request, REQUEST_FIELD_SCHEMA, upload.request, 'request field');
    const graphBytes = upload.files.get(body.jobGraphFileName);
    if (graphBytes === undefined) {
      throw bad(`the request names the job graph file '${body.jobGraphFileName}', but no uploaded file has that name`);
    }
    const [jarName, ...more] = body.jobJarFileNames;
    if (jarName === undefined || more.length > 0) {
      throw bad(`'jobJarFileNames' must name exactly one file, the job's artifact; it names ${body.jobJarFileNames.length}`);
    }
    const artifact = upload.files.get(jarName);
    if (artifact === undefined) throw bad(`the request names the artifact '${jarName}', but no uploaded file has that name`);

    const file = validateWith<JobGraphFile>(
      request,
      JOB_GRAPH_FILE_SCHEMA,
      parseJson(graphBytes.toString('utf8'), `the job graph file '${body.jobGraphFileName}'`),
      'job graph file',
    );
    checkJobGraph(file.jobGraph);
    const { jobId } = await ctx.dispatcher.submitJob({
      jobGraph: file.jobGraph,
      program: file.program,
      artifact,
      ...savepointRestore(body.savepointPath, body.allowNonRestoredState),
    });
    const response: JobSubmitResponseBody = { jobUrl: `/jobs/${jobId}` };
    return reply.code(202).send(response);
  });
}
