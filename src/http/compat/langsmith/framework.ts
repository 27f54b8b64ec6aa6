import type { FastifyInstance, FastifySchemaCompiler } from 'fastify';
import { LIMITS } from '../../../model/limits.js';
import { parseBody, pydanticCompiler } from '../fastapi.js';
import { readParts } from './multipart.js';

type Schema = { properties?: Record<string, { type?: unknown }> };

/**
 * Query parameters as FastAPI reads a `list[str]` one: repeated names gather their
 * values, and a single value is a list of one. Others keep their last value.
 */
const listsInQuery: FastifySchemaCompiler<Schema> = (route) => {
  const validate = pydanticCompiler(route);
  if (route.httpPart !== 'querystring') return validate;
  const properties = Object.entries(route.schema.properties ?? {});
  const lists = new Set(properties.filter(([, p]) => p.type === 'array').map(([name]) => name));
  return (data: unknown) => {
    const query = { ...(data as Record<string, string | string[]>) };
    for (const [name, value] of Object.entries(query)) {
      if (lists.has(name)) query[name] = [value].flat();
      else if (Array.isArray(value)) query[name] = value[value.length - 1];
    }
    return validate(query);
  };
};

/**
 * LangSmith's API is a FastAPI service: bodies are JSON or multipart/form-data (read
 * whole into parts, see readParts), validation failures are pydantic's 422s.
 */
export function langsmithFramework(scope: FastifyInstance): void {
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser('multipart/form-data', (request, payload, done) => {
    readParts(request.headers, payload).then(
      (parts) => done(null, parts),
      (error: Error) => done(error, undefined),
    );
  });
  scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: LIMITS.jsonBodyBytes }, (request, body, done) => {
    try {
      done(null, parseBody(request.headers['content-type'], body as Buffer));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  scope.setValidatorCompiler(listsInQuery);
}
