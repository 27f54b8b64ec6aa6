export * from './client.js';
export type { Attachment, AttachmentBody, AttachmentDownload, AttachmentLink, ByteRange, UploadOptions } from './attachments.js';
export { ConnectionError, DatashelfError, type Problem } from './errors.js';
export { collect, eachItem, type CursorPage } from './pages.js';
export { Transport, type Query, type RawBody, type RequestOptions, type TransportOptions } from './transport.js';
export type { components, operations, paths } from './schema.js';
export { formatBytes } from './units.js';
