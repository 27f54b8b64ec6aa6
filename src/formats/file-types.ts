/** Leading bytes that name a file's type, checked in order (RIFF and ftyp containers by their brand further in). */
const SIGNATURES: { type: string; at?: number; bytes: number[] }[] = [
  { type: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
  { type: 'image/gif', bytes: [0x47, 0x49, 0x46, 0x38] },
  { type: 'image/webp', at: 8, bytes: [0x57, 0x45, 0x42, 0x50] },
  { type: 'audio/wav', at: 8, bytes: [0x57, 0x41, 0x56, 0x45] },
  { type: 'video/x-msvideo', at: 8, bytes: [0x41, 0x56, 0x49, 0x20] },
  { type: 'image/bmp', bytes: [0x42, 0x4d] },
  { type: 'image/tiff', bytes: [0x49, 0x49, 0x2a, 0x00] },
  { type: 'image/tiff', bytes: [0x4d, 0x4d, 0x00, 0x2a] },
  { type: 'audio/flac', bytes: [0x66, 0x4c, 0x61, 0x43] },
  { type: 'audio/ogg', bytes: [0x4f, 0x67, 0x67, 0x53] },
  { type: 'audio/mpeg', bytes: [0x49, 0x44, 0x33] },
  { type: 'video/webm', bytes: [0x1a, 0x45, 0xdf, 0xa3] },
  { type: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
];

const RIFF = [0x52, 0x49, 0x46, 0x46];
const FTYP = [0x66, 0x74, 0x79, 0x70];

const startsWith = (bytes: Uint8Array, signature: number[], at = 0) =>
  bytes.length >= at + signature.length && signature.every((b, i) => bytes[at + i] === b);

/** The media type of an MP4-family file (`ftyp` box) by its brand: M4A is audio, the rest video. */
function isoMediaType(bytes: Uint8Array): string {
  const brand = String.fromCharCode(...bytes.subarray(8, 12));
  return brand.startsWith('M4A') ? 'audio/mp4' : brand === 'qt  ' ? 'video/quicktime' : 'video/mp4';
}

/**
 * Media types by file extension, and back: the common image, audio and video formats, and
 * the data and text files datasets hold (a file of any other extension is
 * application/octet-stream, served as a download).
 */
const BY_EXTENSION: Record<string, string> = {
  png: 'image/png',
  apng: 'image/apng',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  jpe: 'image/jpeg',
  jfif: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  bmp: 'image/bmp',
  dib: 'image/bmp',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  ico: 'image/x-icon',
  jp2: 'image/jp2',
  psd: 'image/vnd.adobe.photoshop',
  wav: 'audio/wav',
  mp3: 'audio/mpeg',
  flac: 'audio/flac',
  ogg: 'audio/ogg',
  oga: 'audio/ogg',
  opus: 'audio/ogg',
  m4a: 'audio/mp4',
  aiff: 'audio/aiff',
  au: 'audio/basic',
  wma: 'audio/x-ms-wma',
  caf: 'audio/x-caf',
  '3gp': 'video/3gpp',
  '3g2': 'video/3gpp2',
  mp4: 'video/mp4',
  m4v: 'video/x-m4v',
  mov: 'video/quicktime',
  mkv: 'video/x-matroska',
  webm: 'video/webm',
  avi: 'video/x-msvideo',
  mpg: 'video/mpeg',
  mpeg: 'video/mpeg',
  flv: 'video/x-flv',
  wmv: 'video/x-ms-wmv',
  pdf: 'application/pdf',
  json: 'application/json',
  txt: 'text/plain',
  md: 'text/markdown',
  csv: 'text/csv',
  parquet: 'application/vnd.apache.parquet',
};

const BY_TYPE: Record<string, string> = {};
for (const [extension, type] of Object.entries(BY_EXTENSION)) BY_TYPE[type] ??= `.${extension}`;

export const OCTETS = 'application/octet-stream';

/** The media type a file's extension says (application/octet-stream when it says none known). */
export function mediaTypeOfPath(path: string): string {
  const extension = /\.([^./\\]+)$/.exec(path.toLowerCase())?.[1];
  return (extension && BY_EXTENSION[extension]) || OCTETS;
}

/** The extension a media type is usually saved with (`.png`), or '' when none is known. */
export const extensionOfType = (mediaType: string): string => BY_TYPE[mediaType.split(';')[0].trim().toLowerCase()] ?? '';

/**
 * The media type of a file from its leading bytes, or failing that the extension of its
 * path: a path can be anything a pipeline named it, bytes say what the file is.
 */
export function fileMediaType(bytes: Uint8Array, path: string | null): string {
  if (startsWith(bytes, FTYP, 4)) return isoMediaType(bytes);
  const sniffed = SIGNATURES.find((s) => (s.at === 8 ? startsWith(bytes, RIFF) : true) && startsWith(bytes, s.bytes, s.at));
  if (sniffed) return sniffed.type;
  return path === null ? OCTETS : mediaTypeOfPath(path);
}
