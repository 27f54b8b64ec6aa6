import { Type, type TSchema } from '@sinclair/typebox';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../domain/errors.js';
import { STATUS, problemBody, toDomainError } from './errors.js';
import { methodsAt } from './route-table.js';

/** An error as one surface writes it on the wire. */
export interface WireError {
  status: number;
  body: unknown;
  /** Headers some surfaces answer errors with (the Hub's `X-Error-Code`). */
  headers?: Record<string, string>;
}

/** How a surface (the native API or a compat one) reports failures. */
export interface Envelope {
  contentType: string;
  /** The error body for a status, as the OpenAPI document declares it. */
  schema(status: number): TSchema;
  /** Every domain error, in the surface's own shape (some wordings name the request's method or media type). */
  error(error: DomainError, request?: FastifyRequest): WireError;
  /**
   * Request validation failures, as the surface's validator reported them (ajv's raw
   * errors, or a FastAPI surface's pydantic items), for the surface to word its own way.
   */
  validation(errors: unknown[], part: string, request: FastifyRequest): WireError;
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
  if (wire.headers) reply.headers(wire.headers);
  return reply.code(wire.status).type(envelope.contentType).send(JSON.stringify(wire.body));
}

/** Wraps an error the way the envelope says, logging what the client is not told. */
export function wireErrorOf(envelope: Envelope, error: unknown, request: FastifyRequest): WireError {
  const e = error as FastifyError & { validationContext?: string };
  if (e.validation) return envelope.validation(e.validation, e.validationContext ?? 'body', request);
  const domain = toDomainError(error);
  if (domain.code === 'internal') request.log.error({ err: error }, 'unhandled error');
  return envelope.error(domain, request);
}

export interface UnknownPaths {
  /** Django's APPEND_SLASH: a path that only lacks its trailing slash is redirected (301) to it. */
  appendSlash?: boolean;
}

const METHOD_ORDER = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

/**
 * Every error and unknown path under this plugin answers in the envelope: a known path
 * with another method is 405 with `Allow`, any other path 404.
 */
export function registerEnvelope(app: FastifyInstance, envelope: Envelope, paths: UnknownPaths = {}): void {
  app.setErrorHandler((error, request, reply) => sendWire(reply, envelope, wireErrorOf(envelope, error, request)));
  app.setNotFoundHandler((request, reply) => {
    const [path, query] = splitUrl(request.url);
    const allowed = methodsAt(app.routeTable, path);
    if (allowed.length > 0) {
      reply.header('allow', METHOD_ORDER.filter((m) => allowed.includes(m)).join(', '));
      return sendWire(
        reply,
        envelope,
        envelope.error(new DomainError('method_not_allowed', `${request.method} is not allowed on ${path}`), request),
      );
    }
    if (paths.appendSlash && !path.endsWith('/') && methodsAt(app.routeTable, `${path}/`).length > 0) {
      return reply.code(301).header('location', `${path}/${query}`).type('text/html; charset=utf-8').send('');
    }
    const message = `no route for ${request.method} ${path.slice(0, 200)}`;
    return sendWire(reply, envelope, envelope.error(new DomainError('not_found', message, [], 'no_such_route'), request));
  });
}

const splitUrl = (url: string): [string, string] => {
  const at = url.indexOf('?');
  return at === -1 ? [url, ''] : [url.slice(0, at), url.slice(at)];
};
