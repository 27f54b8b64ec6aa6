import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

/**
 * One line per request, written when the answer is sent: the route template (never the
 * raw URL, which may carry ids and search text), the status and the time taken. The
 * request id comes with the request's logger. Headers are never logged.
 */
export class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const line = {
      method: request.method,
      route: request.routeOptions.url ?? 'unmatched',
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime * 10) / 10,
    };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else reply.log.info(line, 'request completed');
  }
}
