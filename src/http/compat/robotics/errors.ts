import { FASTAPI_DETAILS, fastapiEnvelope } from '../fastapi.js';

/** The robotics service's own wording: its 401 and its 422 for a cursor it did not sign. */
export const envelope = fastapiEnvelope({
  ...FASTAPI_DETAILS,
  unauthorized: [401, () => 'Invalid or missing API key'],
  forbidden: [403, () => 'Not enough permissions'],
  bad_request: [422, (e) => e.message],
});
