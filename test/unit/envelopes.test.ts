import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { DomainError, ERROR_CODES } from '../../src/domain/errors.js';
import { Problem } from '../../src/http/envelope.js';
import { STATUS } from '../../src/http/errors.js';
import { SURFACES } from '../../src/http/surfaces.js';

const ajv = new Ajv({ strict: false });
ajv.addSchema(Problem);

describe('every error code through every surface', () => {
  for (const surface of SURFACES) {
    it(`${surface.prefix} answers each code in its own envelope, with the status class of the code`, () => {
      for (const code of ERROR_CODES) {
        const wire = surface.envelope.error(
          new DomainError(code, `a ${code} happened`, code === 'validation_failed' ? [{ field: 'body/name', message: 'is required' }] : []),
        );
        const where = `${surface.prefix} ${code}`;
        expect(Math.floor(wire.status / 100), where).toBe(Math.floor(STATUS[code] / 100));
        const validate = ajv.compile(surface.envelope.schema(wire.status));
        expect(validate(wire.body), `${where}: ${JSON.stringify(wire.body)} ${ajv.errorsText(validate.errors)}`).toBe(true);
      }
    });
  }

  it('tells a client nothing of an internal failure but that it happened', () => {
    for (const surface of SURFACES) {
      const wire = surface.envelope.error(new DomainError('internal', 'an unexpected error occurred; it has been logged'));
      expect(wire.status).toBe(500);
      expect(JSON.stringify(wire.body)).not.toMatch(/stack|at \w+ \(|\.ts:\d+/);
    }
  });
});
