import type { FileMetaData, KeyValue, SchemaElement, SchemaTree } from 'hyparquet';

/**
 * The Hugging Face `datasets` features that hold a file as a struct of its `bytes` and
 * its `path` (src/datasets/features/{image,audio,video,pdf}.py: each `pa_type` is
 * `struct<bytes: binary, path: string>`). datashelf keeps such a cell as an attachment.
 */
export const MEDIA_FEATURES = ['Image', 'Audio', 'Video', 'Pdf'] as const;
export type MediaFeature = (typeof MEDIA_FEATURES)[number];

/** A column of files as written: its name, and the feature `datasets` reads it as (null: a plain `{bytes, path}` struct). */
export interface FileColumn {
  name: string;
  feature: MediaFeature | null;
}

/**
 * `datasets` keeps its features as JSON under the Parquet key `huggingface`:
 * `{"info": {"features": {"<column>": {"_type": "Image", …}, …}}}` (arrow_writer.py
 * `_build_metadata`, features.py `Features.arrow_schema`).
 */
const METADATA_KEY = 'huggingface';

/** The `_type` of each column the file's `huggingface` metadata describes. */
function featureTypes(metadata: FileMetaData): Map<string, string> {
  const entry = metadata.key_value_metadata?.find((kv) => kv.key === METADATA_KEY);
  if (!entry?.value) return new Map();
  try {
    const features = (JSON.parse(entry.value) as { info?: { features?: Record<string, { _type?: unknown }> } }).info?.features;
    if (!features || typeof features !== 'object') return new Map();
    return new Map(Object.entries(features).flatMap(([name, f]) => (typeof f?._type === 'string' ? [[name, f._type] as const] : [])));
  } catch {
    // Metadata that is not JSON describes nothing datashelf can use; the columns read as their Parquet types say.
    return new Map();
  }
}

/** A group of exactly `bytes` (binary) and `path` (text), as `datasets` writes every file feature. */
function isFileStruct(children: SchemaTree[]): boolean {
  if (children.length !== 2) return false;
  const [bytes, path] = [children.find((c) => c.element.name === 'bytes'), children.find((c) => c.element.name === 'path')];
  return bytes?.element.type === 'BYTE_ARRAY' && path?.element.type === 'BYTE_ARRAY' && bytes.element.converted_type !== 'UTF8';
}

/**
 * The columns of a file that hold files: `{bytes, path}` structs that the `huggingface`
 * metadata calls Image, Audio, Video or Pdf, or does not describe at all (how datashelf
 * writes attachments of other types). A struct the metadata gives another type stays data.
 */
export function fileColumnsOf(metadata: FileMetaData, columns: SchemaTree[]): FileColumn[] {
  const types = featureTypes(metadata);
  return columns.flatMap(({ element, children }): FileColumn[] => {
    if (!isFileStruct(children)) return [];
    const type = types.get(element.name);
    if (type === undefined) return [{ name: element.name, feature: null }];
    return (MEDIA_FEATURES as readonly string[]).includes(type) ? [{ name: element.name, feature: type as MediaFeature }] : [];
  });
}

/** The feature a column of attachments is written as: the one every media type in it fits, or none. */
export function featureFor(mediaTypes: string[]): MediaFeature | null {
  const fits = (feature: MediaFeature) => mediaTypes.every((type) => featureOfType(type) === feature);
  return MEDIA_FEATURES.find((feature) => mediaTypes.length > 0 && fits(feature)) ?? null;
}

function featureOfType(mediaType: string): MediaFeature | null {
  const essence = mediaType.split(';')[0].trim();
  if (essence.startsWith('image/') && essence !== 'image/svg+xml') return 'Image';
  if (essence.startsWith('audio/')) return 'Audio';
  if (essence.startsWith('video/')) return 'Video';
  return essence === 'application/pdf' ? 'Pdf' : null;
}

/** The Parquet schema of a file column: an optional struct of optional binary `bytes` and text `path`. */
export const fileColumnSchema = (name: string): SchemaElement[] => [
  { name, repetition_type: 'OPTIONAL', num_children: 2 },
  { name: 'bytes', type: 'BYTE_ARRAY', repetition_type: 'OPTIONAL' },
  { name: 'path', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
];

/** The `huggingface` metadata naming each typed file column's feature, so `datasets` decodes them; none when no column is typed. */
export function featuresMetadata(columns: FileColumn[]): KeyValue[] {
  const typed = columns.filter((c) => c.feature !== null);
  if (typed.length === 0) return [];
  const features = Object.fromEntries(typed.map((c) => [c.name, { _type: c.feature }]));
  return [{ key: METADATA_KEY, value: JSON.stringify({ info: { features } }) }];
}

/** Where an attachment's column would share a field column's name, it is written as `attachments.<name>`. */
const PREFIX = 'attachments.';

/** The column an attachment name is written as, clear of the field columns. */
export const fileColumnName = (attachment: string, taken: Set<string>): string =>
  taken.has(attachment) ? PREFIX + attachment : attachment;

/** The attachment name a column of files is read as (`attachments.<name>` is `<name>`). */
export const attachmentNameOf = (column: string): string => (column.startsWith(PREFIX) ? column.slice(PREFIX.length) : column);
