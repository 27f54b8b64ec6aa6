import { Type } from '@sinclair/typebox';
import type { DomainError } from '../../../domain/errors.js';
import type { Envelope, WireError } from '../../envelope.js';
import { STATUS } from '../../errors.js';
import { FastapiError, HTTPValidationError } from '../fastapi.js';
import { ErrorResponse } from './schemas.js';

/**
 * The gateway's ErrorResponse `{error: {code, message, details}}` for every failure,
 * except rule failures inside a valid body (filters), which read as FastAPI 422s.
 */
function domainError(error: DomainError): WireError {
  if (error.code === 'validation_failed') {
    return {
      status: 422,
      body: {
        detail: error.issues.map((i) => ({
          loc: [
            'body',
            ...i.field
              .split('/')
              .filter((k) => k && k !== 'body')
              .map((k) => (/^\d+$/.test(k) ? Number(k) : k)),
          ],
          msg: i.message,
          type: 'value_error',
        })),
      },
    };
  }
  // Unknown paths and methods are answered by Starlette itself, before the gateway's own code.
  if (error.reason === 'no_such_route') return { status: 404, body: { detail: 'Not Found' } };
  if (error.code === 'method_not_allowed') return { status: 405, body: { detail: 'Method Not Allowed' } };
  return { status: STATUS[error.code], body: { error: { code: error.code, message: error.message, details: null } } };
}

export const envelope: Envelope = {
  contentType: 'application/json',
  // A 422 is FastAPI's validation shape, or ErrorResponse for the few rule failures that are not about fields.
  schema: (status) =>
    status === 422
      ? Type.Union([HTTPValidationError, ErrorResponse])
      : status === 404
        ? Type.Union([ErrorResponse, FastapiError])
        : status === 405
          ? FastapiError
          : ErrorResponse,
  error: domainError,
  validation: (errors) => ({ status: 422, body: { detail: errors } }),
};
