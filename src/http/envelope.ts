import { Type, type TSchema } from '@sinclair/typebox';
import type { ErrorObject } from 'ajv';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../domain/errors.js';
import { STATUS, problemBody, toDomainError } from './errors.js';

/** An error as one surface writes it on the wire. */
export interface WireError {
  status: number;
  body: unknown;
}

/** How a surface (the native API or a compat one) reports failures. */
export interface Envelope {
  contentType: string;
  /** The error body for a status, as the OpenAPI document declares it. */
  schema(status: number): TSchema;
  /** Every domain error, in the surface's own shape (some wordings name the request's method or media type). */
  error(error: DomainError, request?: FastifyRequest): WireError;
  /** Request validation failures, with ajv's raw errors so the surface can word them its own way. */
  validation(errors: ErrorObject[], part: string, request: FastifyRequest): WireError;
}

export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    code: Type.String(),
    errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
  },
  { $id: 'Problem', description: 'RFC 9457 problem details' },
);

/** /v1: problem+json for everything. */
export const problemEnvelope: Envelope = {
  contentType: 'application/problem+json',
  schema: () => Type.Ref('Problem'),
  error: (error) => ({ status: STATUS[error.code], body: problemBody(error) }),
  validation: (errors, part) => {
    const domain = toDomainError(Object.assign(new Error('invalid request'), { validation: errors, validationContext: part }));
    return { status: STATUS[domain.code], body: problemBody(domain) };
  },
};

export function sendWire(reply: FastifyReply, envelope: Envelope, wire: WireError): FastifyReply {
  return reply.code(wire.status).type(envelope.contentType).send(JSON.stringify(wire.body));
}

/** Wraps an error the way the envelope says, logging what the client is not told. */
export function wireErrorOf(envelope: Envelope, error: unknown, request: FastifyRequest): WireError {
  const e = error as FastifyError & { validationContext?: string };
  if (e.validation) return envelope.validation(e.validation as ErrorObject[], e.validationContext ?? 'body', request);
  const domain = toDomainError(error);
  if (domain.code === 'internal') request.log.error({ err: error }, 'unhandled error');
  return envelope.error(domain, request);
}

/** Every error and unknown path under this plugin answers in the envelope. */
export function registerEnvelope(app: FastifyInstance, envelope: Envelope, notFoundMessage: (request: FastifyRequest) => string): void {
  app.setErrorHandler((error, request, reply) => sendWire(reply, envelope, wireErrorOf(envelope, error, request)));
  app.setNotFoundHandler((request, reply) =>
    sendWire(reply, envelope, envelope.error(new DomainError('not_found', notFoundMessage(request), [], 'no_such_route'), request)),
  );
}
