import { describe, expect, it } from 'vitest';
import {
  pydanticBool,
  pydanticFloat,
  pydanticInt,
  pythonInt,
  pythonUuid,
  uuidCrate,
  uuidCrateError,
} from '../../src/http/compat/python-values.js';
import { describePythonJsonError, pythonJsonError } from '../../src/http/compat/python-json.js';

const U = '8d7e6f5a-4b3c-4d2e-9f1a-0b9c8d7e6f5a';

describe("Python's int(), uuid.UUID() and pydantic's lax parsing", () => {
  it('reads integers as int() does', () => {
    expect(['2', '+2', ' 2 ', '-3', '1_000', '007'].map(pythonInt)).toEqual([2, 2, 2, -3, 1000, 7]);
    expect(['2.0', '', ' ', '1__0', '_1', '0x10', '1e3', '2 2'].map(pythonInt)).toEqual(Array(8).fill(null));
  });

  it('reads integers as pydantic does: also a `.0…` fraction, not a real one', () => {
    expect(['5', ' 5 ', '+5', '-5', '5.0', '5.000', '0_5', '007'].map(pydanticInt)).toEqual([5, 5, 5, -5, 5, 5, 5, 7]);
    expect(['5.5', '5.', '+-5', '--5', 'five', '', '0x5', '5e0'].map(pydanticInt)).toEqual(Array(8).fill(null));
  });

  it('reads floats and booleans as pydantic does', () => {
    expect(['1.5', ' 2 ', '1e3', 'inf', '-Infinity', '1_0.5'].map(pydanticFloat)).toEqual([1.5, 2, 1000, Infinity, -Infinity, 10.5]);
    expect(Number.isNaN(pydanticFloat('nan'))).toBe(true);
    expect(pydanticFloat('x')).toBeNull();
    expect(['True', 'YES', 'on', '1', 't', 'Y'].map(pydanticBool)).toEqual(Array(6).fill(true));
    expect(['False', 'no', 'OFF', '0', 'f', 'N'].map(pydanticBool)).toEqual(Array(6).fill(false));
    expect(['maybe', '2', '', 'truthy'].map(pydanticBool)).toEqual(Array(4).fill(null));
  });

  it('reads uuids as Python does: any case, braces, urn, hyphens anywhere', () => {
    for (const form of [
      U,
      U.toUpperCase(),
      U.replace(/-/g, ''),
      `{${U}}`,
      `urn:uuid:${U}`,
      `${U.replace(/-/g, '').slice(0, 5)}-${U.replace(/-/g, '').slice(5)}`,
    ]) {
      expect(pythonUuid(form), form).toBe(U);
    }
    expect(pythonUuid('nope')).toBeNull();
  });

  it('reads uuids as the uuid crate does, and words its errors as pydantic shows them', () => {
    expect([U.toUpperCase(), U.replace(/-/g, ''), `{${U}}`, `urn:uuid:${U}`].map(uuidCrate)).toEqual([U, U, U, U]);
    expect(uuidCrate(`${U.replace(/-/g, '').slice(0, 5)}-${U.replace(/-/g, '').slice(5)}`)).toBeNull();
    expect(uuidCrateError('nope')).toBe(
      'invalid character: expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-], found `n` at 1',
    );
    expect(uuidCrateError('abc')).toBe('invalid length: expected length 32 for simple format, found 3');
    expect(uuidCrateError('ab-cd')).toBe('invalid group count: expected 5, found 2');
    expect(uuidCrateError('8d7e6f5a4-b3c-4d2e-9f1a-0b9c8d7e6f5a')).toBe('invalid group length in group 0: expected 8, found 9');
    expect(uuidCrateError(`${U}0`)).toBe('invalid group length in group 4: expected 12, found 13');
    expect(uuidCrateError('{abc}')).toBe('invalid group count: expected 5, found 1');
    expect(uuidCrateError('é')).toBe(
      'invalid character: expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-], found `é` at 1',
    );
  });
});

describe("Python's json.loads errors", () => {
  const error = (text: string) => {
    const e = pythonJsonError(text);
    return e && describePythonJsonError(e);
  };

  it('accepts what Python accepts', () => {
    for (const ok of ['{}', '[]', ' {"a": [1, 2.5e3, -0, true, null, "\\u00e9"]} ', 'NaN', '"x"']) expect(error(ok), ok).toBeNull();
  });

  it('says where and why as CPython does', () => {
    expect(error('')).toBe('Expecting value: line 1 column 1 (char 0)');
    expect(error('{"a": ')).toBe('Expecting value: line 1 column 7 (char 6)');
    expect(error('{"a" 1}')).toBe("Expecting ':' delimiter: line 1 column 6 (char 5)");
    expect(error('[1 2]')).toBe("Expecting ',' delimiter: line 1 column 4 (char 3)");
    expect(error('{"a": 1,}')).toBe('Expecting property name enclosed in double quotes: line 1 column 9 (char 8)');
    expect(error('[1,]')).toBe('Expecting value: line 1 column 4 (char 3)');
    expect(error('"abc')).toBe('Unterminated string starting at: line 1 column 1 (char 0)');
    expect(error('"a\\x"')).toBe('Invalid \\escape: line 1 column 3 (char 2)');
    expect(error('"a\nb"')).toBe('Invalid control character at: line 1 column 3 (char 2)');
    expect(error('{}\n{}')).toBe('Extra data: line 2 column 1 (char 3)');
    expect(error('["é", x]')).toBe('Expecting value: line 1 column 7 (char 6)');
  });
});
