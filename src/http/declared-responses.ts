import { STATUS_CODES } from 'node:http';
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
/** Every POST takes an Idempotency-Key, and a retry can be refused (see src/http/idempotency.ts). */
const POST: ErrorCode[] = ['idempotency_key_reused', 'idempotency_in_progress'];

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
  if ([route.method].flat().includes('POST')) codes.push(...POST);
  for (const code of codes) {
    const status = envelope.error(new DomainError(code, '')).status;
    response[status] ??= errorResponse(status, envelope.contentType, envelope.schema(status));
  }
}

/** An error response as the document declares it: with the media type the surface really sends. */
export const errorResponse = (status: number, contentType: string, schema: unknown) => ({
  description: STATUS_CODES[status] ?? String(status),
  content: { [contentType]: { schema } },
});
