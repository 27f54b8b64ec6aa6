import { DomainError } from '../../domain/errors.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A path id that is not a uuid names nothing: such surfaces answer it with 404, not a validation error. */
export function uuidOrNotFound(id: string, what: string): string {
  if (!UUID.test(id)) throw new DomainError('not_found', `${what} not found`);
  return id;
}
