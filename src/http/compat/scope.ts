import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorObject } from 'ajv';
import { DomainError } from '../../domain/errors.js';
import { toDomainError } from '../errors.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A path id that is not a uuid names nothing: such surfaces answer it with 404, not a validation error. */
export function uuidOrNotFound(id: string, what: string): string {
  if (!UUID.test(id)) throw new DomainError('not_found', `${what} not found`);
  return id;
}

/** How a surface writes an error on the wire. */
export interface WireError {
  status: number;
  body: unknown;
}

export interface SurfaceErrors {
  /** Request validation failures, with ajv's raw errors so the surface can word them its own way. */
  validation(errors: ErrorObject[], part: string, request: FastifyRequest): WireError;
  /** Every other failure, as a domain error. */
  domain(error: DomainError): WireError;
}

/** A compat surface's errors: in its own envelope instead of problem+json, 404s included. */
export function registerSurfaceErrors(app: FastifyInstance, errors: SurfaceErrors): void {
  app.setErrorHandler((error: FastifyError & { validationContext?: string }, request: FastifyRequest, reply: FastifyReply) => {
    const wire = error.validation
      ? errors.validation(error.validation as ErrorObject[], error.validationContext ?? 'body', request)
      : errors.domain(toDomainError(error));
    if (wire.status >= 500) request.log.error({ err: error }, 'unhandled error');
    reply.code(wire.status).type('application/json; charset=utf-8').send(JSON.stringify(wire.body));
  });
  app.setNotFoundHandler((_request, reply) => {
    const wire = errors.domain(new DomainError('not_found', 'Not found.'));
    reply.code(wire.status).type('application/json; charset=utf-8').send(JSON.stringify(wire.body));
  });
}
