import { FASTAPI_DETAILS, fastapiEnvelope } from '../fastapi.js';

const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * LangSmith answers as the FastAPI service it is: `{"detail": …}`, 404 for what is not
 * there (its clients tell a missing route, "Not Found", from a missing dataset, "Dataset
 * not found"), 409 for a name taken, 422 for what does not validate.
 */
export const envelope = fastapiEnvelope({
  ...FASTAPI_DETAILS,
  not_found: [404, (e) => (e.reason === 'no_such_route' ? 'Not Found' : sentence(e.message))],
  forbidden: [403, (e) => sentence(e.message)],
  unauthorized: [401, () => 'Unauthorized'],
  payload_too_large: [413, (e) => sentence(e.message)],
  unsupported_media_type: [415, (e) => sentence(e.message)],
});
