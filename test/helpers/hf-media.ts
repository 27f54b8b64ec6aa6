import { deflateSync } from 'node:zlib';
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';

/** CRC-32 as PNG chunks carry it. */
function crc32(bytes: Uint8Array): number {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A real PNG of `size` x `size` grey pixels of the given shade. */
export function png(shade: number, size = 2): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale, no interlace
  const rows = Buffer.concat(Array.from({ length: size }, () => Buffer.from([0, ...Array(size).fill(shade)])));
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

/** A real WAV: mono 16-bit PCM at 8 kHz, `samples` samples of a ramp starting at `start`. */
export function wav(start: number, samples = 16): Buffer {
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) data.writeInt16LE((start + i * 100) % 32768, i * 2);
  const format = Buffer.alloc(16);
  format.writeUInt16LE(1, 0); // PCM
  format.writeUInt16LE(1, 2); // mono
  format.writeUInt32LE(8000, 4);
  format.writeUInt32LE(16000, 8);
  format.writeUInt16LE(2, 12);
  format.writeUInt16LE(16, 14);
  const parts = [Buffer.from('WAVE'), Buffer.from('fmt '), u32(16), format, Buffer.from('data'), u32(data.length), data];
  const body = Buffer.concat(parts);
  return Buffer.concat([Buffer.from('RIFF'), u32(body.length), body]);
}

const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
};

export interface MediaRow {
  text: string;
  label: number;
  image: { bytes: Uint8Array; path: string | null } | null;
  audio: { bytes: Uint8Array; path: string | null } | null;
}

const TEXT = { type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' } as const;
const FILE = (name: string) => [
  { name, repetition_type: 'OPTIONAL' as const, num_children: 2 },
  { name: 'bytes', type: 'BYTE_ARRAY' as const, repetition_type: 'OPTIONAL' as const },
  { name: 'path', ...TEXT },
];

/**
 * A Parquet file as `datasets` writes one (`Dataset.to_parquet`, `push_to_hub`): a text
 * and an integer column, an `Image` and an `Audio` column as structs of `bytes` and
 * `path`, and the features in the `huggingface` key-value metadata.
 */
export function hfParquet(rows: MediaRow[]): Uint8Array {
  const features = {
    text: { dtype: 'string', _type: 'Value' },
    label: { dtype: 'int64', _type: 'Value' },
    image: { _type: 'Image' },
    audio: { sampling_rate: 8000, _type: 'Audio' },
  };
  const schema = [
    { name: 'root', num_children: 4 },
    { name: 'text', ...TEXT },
    { name: 'label', type: 'INT64' as const, repetition_type: 'OPTIONAL' as const },
    ...FILE('image'),
    ...FILE('audio'),
  ];
  const writer = new ByteWriter();
  const parquet = new ParquetWriter({
    writer,
    schema,
    kvMetadata: [{ key: 'huggingface', value: JSON.stringify({ info: { features } }) }],
  });
  void parquet.write({
    columnData: [
      { name: 'text', data: rows.map((r) => r.text) },
      { name: 'label', data: rows.map((r) => BigInt(r.label)) },
      { name: 'image', data: rows.map((r) => r.image) },
      { name: 'audio', data: rows.map((r) => r.audio) },
    ],
  });
  void parquet.finish();
  return new Uint8Array(writer.getBuffer());
}

/** The rows of a Parquet file (binary left as bytes), and the features its `huggingface` metadata names. */
export async function readHfParquet(bytes: Uint8Array): Promise<{ rows: Record<string, any>[]; features: Record<string, unknown> | null }> {
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const metadata = parquetMetadata(file);
  const hf = metadata.key_value_metadata?.find((kv) => kv.key === 'huggingface')?.value;
  const utf8 = new TextDecoder();
  const rows = await parquetReadObjects({ file, utf8: false, parsers: { stringFromBytes: (b: Uint8Array) => utf8.decode(b) } });
  return { rows, features: hf ? (JSON.parse(hf) as { info: { features: Record<string, unknown> } }).info.features : null };
}
