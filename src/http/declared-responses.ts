import type { RouteOptions } from 'fastify';
import { DomainError, type ErrorCode } from '../domain/errors.js';
import type { Envelope } from './envelope.js';

/** Failures any authenticated route can meet, whatever it does. */
const EVERY_ROUTE: ErrorCode[] = [
  'bad_request',
  'unauthorized',
  'forbidden',
  'rate_limited',
  'uri_too_long',
  'headers_too_large',
  'unavailable',
];
const WITH_BODY: ErrorCode[] = ['payload_too_large', 'unsupported_media_type'];

/**
 * Declares, on a route of a surface, the statuses the edge can answer it with (auth,
 * limits, transport, shutdown, validation), as that surface's envelope maps them, so
 * the OpenAPI document names every status a client can see. What a route answers
 * for its own reasons (404 for an unknown dataset, 409…) it declares itself.
 */
export function declareStandardResponses(route: RouteOptions, envelope: Envelope): void {
  const schema = (route.schema ??= {}) as {
    hide?: boolean;
    params?: unknown;
    querystring?: unknown;
    body?: unknown;
    response?: Record<string, unknown>;
  };
  if (schema.hide) return;
  const response = (schema.response ??= {});
  const codes = [...EVERY_ROUTE];
  if (schema.params) codes.push('not_found');
  if (schema.params || schema.querystring || schema.body) codes.push('validation_failed');
  if (schema.body) codes.push(...WITH_BODY);
  for (const code of codes) {
    const status = String(envelope.error(new DomainError(code, '')).status);
    response[status] ??= envelope.schema(Number(status));
  }
}
