import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { PYTHON_ENUM, validate, validateParameters } from '../../src/http/compat/pydantic.js';
import { StringEnum } from '../../src/model/kit.js';

const Model = Type.Object(
  {
    name: Type.String({ maxLength: 3 }),
    size: Type.Integer({ exclusiveMinimum: 0 }),
    tags: Type.Optional(Type.Array(Type.String(), { maxItems: 2 })),
    op: Type.Optional(StringEnum(['a', 'b'], { [PYTHON_ENUM]: true })),
    meta: Type.Optional(Type.Object({}, { additionalProperties: true })),
  },
  { additionalProperties: false },
);

describe('pydantic v2 lax validation', () => {
  it('reports every field in declaration order, then extra fields', () => {
    const outcome = validate(Model, { extra: 1, size: 0, name: 'long' }, ['body']);
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.errors.map((e) => [e.type, e.loc.join('.')])).toEqual([
      ['string_too_long', 'body.name'],
      ['greater_than', 'body.size'],
      ['extra_forbidden', 'body.extra'],
    ]);
  });

  it('converts what lax mode converts, and locates errors inside lists', () => {
    expect(validate(Model, { name: 'a', size: '3', tags: ['x'], op: 'a', meta: {} }, ['body'])).toEqual({
      ok: true,
      value: { name: 'a', size: 3, tags: ['x'], op: 'a', meta: {} },
    });
    const outcome = validate(Model, { name: 1, size: true, tags: ['x', 2, 'z'], op: 'c', meta: [] }, ['body']);
    expect(!outcome.ok && outcome.errors.map((e) => [e.type, e.loc.join('.')])).toEqual([
      ['string_type', 'body.name'],
      ['string_type', 'body.tags.1'],
      ['enum', 'body.op'],
      ['dict_type', 'body.meta'],
    ]);
  });

  it('reports a missing field with the object as its input, a missing parameter with null', () => {
    const missing = validate(Model, { name: 'a' }, ['body']);
    expect(!missing.ok && missing.errors[0]).toEqual({
      type: 'missing',
      loc: ['body', 'size'],
      msg: 'Field required',
      input: { name: 'a' },
    });
    const params = validateParameters(Type.Object({ id: Type.Integer() }), {}, 'path');
    expect(!params.ok && params.errors[0]).toEqual({ type: 'missing', loc: ['path', 'id'], msg: 'Field required', input: null });
  });
});
