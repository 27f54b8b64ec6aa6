import type { TenancyService } from '../../../domain/tenancy.js';
import { apiKeys, type Credentials } from '../../auth.js';

/**
 * Datashelf API keys, bare or as `hf_<key>`: `@huggingface/hub` refuses a token that
 * does not start with `hf_`, and datashelf keys start with `ds_`, so the prefix is
 * never part of a key.
 */
export function hubTokens(tenancy: TenancyService): Credentials {
  const keys = apiKeys(tenancy);
  return {
    ...keys,
    presented: (request) => {
      const key = keys.presented(request);
      return key?.startsWith('hf_') ? key.slice(3) : key;
    },
    missing: 'a token is required (Authorization: Bearer <datashelf key>, or hf_<datashelf key>)',
  };
}
