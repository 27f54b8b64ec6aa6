import { describe, expect, it } from 'vitest';
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import { parquetMetadata, parquetSchema } from 'hyparquet';
import { fileMediaType } from '../../src/formats/file-types.js';
import { featureFor, fileColumnsOf } from '../../src/formats/hf-features.js';
import { png, wav } from '../helpers/hf-media.js';

const TEXT = { type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' } as const;
const STRUCT = (name: string, bytesType: object = { type: 'BYTE_ARRAY' }) => [
  { name, repetition_type: 'OPTIONAL' as const, num_children: 2 },
  { name: 'bytes', repetition_type: 'OPTIONAL' as const, ...bytesType },
  { name: 'path', ...TEXT },
];

/** The file columns found in a file of these struct columns, with this `huggingface` features metadata. */
function fileColumns(schema: any[], features?: Record<string, unknown>) {
  const writer = new ByteWriter();
  const kvMetadata = features ? [{ key: 'huggingface', value: JSON.stringify({ info: { features } }) }] : undefined;
  const parquet = new ParquetWriter({
    writer,
    schema: [{ name: 'root', num_children: schema.filter((e) => e.num_children).length }, ...schema],
    kvMetadata,
  });
  void parquet.finish();
  const metadata = parquetMetadata(writer.getBuffer());
  return fileColumnsOf(metadata, parquetSchema(metadata).children);
}

describe('Hugging Face file features in Parquet', () => {
  it('finds {bytes, path} structs, typed by the huggingface metadata; a struct of another type stays data', () => {
    const schema = [...STRUCT('image'), ...STRUCT('audio'), ...STRUCT('plain'), ...STRUCT('other'), ...STRUCT('texts', TEXT)];
    const features = { image: { _type: 'Image' }, audio: { _type: 'Audio', sampling_rate: 16000 }, other: { _type: 'Translation' } };
    expect(fileColumns(schema, features)).toEqual([
      { name: 'image', feature: 'Image' },
      { name: 'audio', feature: 'Audio' },
      { name: 'plain', feature: null },
    ]);
  });

  it('names the feature a column of attachments is, from the media types it holds', () => {
    expect(featureFor(['image/png', 'image/jpeg'])).toBe('Image');
    expect(featureFor(['audio/wav; rate=8000'])).toBe('Audio');
    expect(featureFor(['video/mp4'])).toBe('Video');
    expect(featureFor(['application/pdf'])).toBe('Pdf');
    expect(featureFor(['image/png', 'audio/wav'])).toBeNull();
    expect(featureFor(['image/svg+xml'])).toBeNull();
    expect(featureFor(['text/plain'])).toBeNull();
  });

  it("sniffs a file's media type from its bytes before its path", () => {
    expect(fileMediaType(png(1), 'mislabelled.wav')).toBe('image/png');
    expect(fileMediaType(wav(1), null)).toBe('audio/wav');
    expect(fileMediaType(Buffer.from('\xff\xd8\xff\xe0', 'latin1'), null)).toBe('image/jpeg');
    expect(fileMediaType(Buffer.from('\0\0\0\x20ftypM4A ', 'latin1'), null)).toBe('audio/mp4');
    expect(fileMediaType(Buffer.from('\0\0\0\x20ftypisom', 'latin1'), null)).toBe('video/mp4');
    expect(fileMediaType(Buffer.from('ID3\x04', 'latin1'), 'x')).toBe('audio/mpeg');
    expect(fileMediaType(Buffer.from('????'), 'dir/Song.FLAC')).toBe('audio/flac');
    expect(fileMediaType(Buffer.from('????'), 'notes')).toBe('application/octet-stream');
  });
});
