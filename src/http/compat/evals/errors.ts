import { FASTAPI_DETAILS, fastapiEnvelope } from '../fastapi.js';

const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** The evaluation platform's wording: "Authentication failed", "Dataset not found". */
export const envelope = fastapiEnvelope({
  ...FASTAPI_DETAILS,
  unauthorized: [401, () => 'Authentication failed'],
  forbidden: [403, () => 'Not enough permissions'],
  not_found: [404, (e) => (e.reason === 'no_such_route' ? 'Not Found' : sentence(e.message))],
  rate_limited: [429, () => 'Too many requests'],
  internal: [500, () => 'Internal server error'],
});
