/**
 * Log files over REST, as Flink's web UI reads them: the list (`/logs`), the current
 * file (`/log`) and any listed file by name (`/logs/:filename`), for the JobManager (this
 * process) and for each TaskManager (asked through the Dispatcher). A file's text is its
 * end, at most 1 MiB; a name is only ever looked up among the listed files.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { WeirError } from '../../core/errors.js';
import { listLogFiles, readLogFile, type LogFileInfo, type LogFileText } from '../../logging/log-files.js';
import { processLogLocation } from '../../logging/process-log.js';
import { unknownTaskManager } from '../errors.js';
import { paramsSchema } from '../ids.js';
import type { RestContext } from '../rest-context.js';

interface LogListInfo {
  readonly logs: readonly LogFileInfo[];
}

interface FileParams {
  Params: { filename: string };
}

const fileNameSchema = { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,200}$' };

function sendText(reply: FastifyReply, file: LogFileText): FastifyReply {
  return reply
    .type('text/plain; charset=utf-8')
    .header('x-weir-log-size', String(file.size))
    .header('x-weir-log-truncated', String(file.truncated))
    .send(file.text);
}

function noSuchFile(where: string, name: string, list: string): WeirError {
  return new WeirError('REST_NOT_FOUND', `${where} has no log file '${name}'; ${list} lists its files`);
}

export function registerLogRoutes(app: FastifyInstance, ctx: RestContext): void {
  const jobManagerFile = async (name: string | undefined, reply: FastifyReply): Promise<FastifyReply> => {
    const location = processLogLocation();
    if (location === undefined) {
      throw new WeirError('REST_NOT_FOUND', 'this JobManager writes no log file: it runs embedded; start it with `weir jobmanager` to get log/jobmanager.log');
    }
    const fileName = name ?? `${location.baseName}.log`;
    const file = await readLogFile(location, fileName);
    if (file === undefined) throw noSuchFile('the JobManager', fileName, 'GET /jobmanager/logs');
    return sendText(reply, file);
  };

  app.get('/jobmanager/logs', async (): Promise<LogListInfo> => {
    const location = processLogLocation();
    return { logs: location === undefined ? [] : await listLogFiles(location) };
  });

  app.get('/jobmanager/log', async (_request, reply) => jobManagerFile(undefined, reply));

  app.get<FileParams>('/jobmanager/logs/:filename', { schema: { params: { type: 'object', properties: { filename: fileNameSchema } } } }, async (request, reply) =>
    jobManagerFile(request.params.filename, reply),
  );


  const taskManagerFile = async (id: string, name: string | undefined, reply: FastifyReply): Promise<FastifyReply> => {
    const dispatcher = ctx.dispatcher;
    let fileName = name;
    if (fileName === undefined) {
      const list = await dispatcher.requestTaskManagerLogList?.(id);
      if (list === undefined || list === null) throw unknownTaskManager(id);
      fileName = list.find((file) => file.name.endsWith('.log'))?.name;
      if (fileName === undefined) throw new WeirError('REST_NOT_FOUND', `TaskManager ${id} writes no log file`);
    }
    const file = await dispatcher.requestTaskManagerLogFile?.(id, fileName);
    if (file === undefined || file === null) throw noSuchFile(`TaskManager ${id}`, fileName, `GET /taskmanagers/${id}/logs`);
    return sendText(reply, file);
  };

  app.get<{ Params: { taskmanagerid: string } }>(
    '/taskmanagers/:taskmanagerid/logs',
    { schema: { params: paramsSchema('taskmanagerid') } },
    async (request): Promise<LogListInfo> => {
      const id = request.params.taskmanagerid;
      const logs = await ctx.dispatcher.requestTaskManagerLogList?.(id);
      if (logs === undefined || logs === null) throw unknownTaskManager(id);
      return { logs };
    },
  );

  app.get<{ Params: { taskmanagerid: string } }>(
    '/taskmanagers/:taskmanagerid/log',
    { schema: { params: paramsSchema('taskmanagerid') } },
    async (request, reply) => taskManagerFile(request.params.taskmanagerid, undefined, reply),
  );

  app.get<{ Params: { taskmanagerid: string; filename: string } }>(
    '/taskmanagers/:taskmanagerid/logs/:filename',
    {
      schema: {
        params: {
          type: 'object',
          required: ['taskmanagerid', 'filename'],
          properties: { ...(paramsSchema('taskmanagerid') as { properties: object }).properties, filename: fileNameSchema },
        },
      },
    },
    async (request, reply) => taskManagerFile(request.params.taskmanagerid, request.params.filename, reply),
  );
}
