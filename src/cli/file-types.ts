/**
 * Media types of the files a folder import sends, by extension, and back: the common
 * image, audio and video formats (a file of any other extension is sent as
 * application/octet-stream and served as a download).
 */
const BY_EXTENSION: Record<string, string> = {
  '.png': 'image/png',
  '.apng': 'image/apng',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.jpe': 'image/jpeg',
  '.jfif': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.bmp': 'image/bmp',
  '.dib': 'image/bmp',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
  '.ico': 'image/x-icon',
  '.jp2': 'image/jp2',
  '.psd': 'image/vnd.adobe.photoshop',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.flac': 'audio/flac',
  '.ogg': 'audio/ogg',
  '.opus': 'audio/opus',
  '.aiff': 'audio/aiff',
  '.au': 'audio/basic',
  '.wma': 'audio/x-ms-wma',
  '.caf': 'audio/x-caf',
  '.3gp': 'video/3gpp',
  '.3g2': 'video/3gpp2',
  '.mp4': 'video/mp4',
  '.m4v': 'video/x-m4v',
  '.mov': 'video/quicktime',
  '.mkv': 'video/x-matroska',
  '.webm': 'video/webm',
  '.avi': 'video/x-msvideo',
  '.mpg': 'video/mpeg',
  '.mpeg': 'video/mpeg',
  '.flv': 'video/x-flv',
  '.wmv': 'video/x-ms-wmv',
  '.pdf': 'application/pdf',
  '.json': 'application/json',
  '.txt': 'text/plain',
};

const BY_TYPE: Record<string, string> = {};
for (const [extension, type] of Object.entries(BY_EXTENSION)) BY_TYPE[type] ??= extension;

export const OCTETS = 'application/octet-stream';

/** The media type a file's extension says. */
export const mediaTypeOfFile = (file: string): string => BY_EXTENSION[/\.[^./]+$/.exec(file.toLowerCase())?.[0] ?? ''] ?? OCTETS;

/** The extension a media type is usually saved with (`.png`), or '' when none is known. */
export const extensionOfType = (mediaType: string): string => BY_TYPE[mediaType.split(';')[0].trim().toLowerCase()] ?? '';
