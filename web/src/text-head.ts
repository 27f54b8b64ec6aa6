/** How much of a text file a preview reads. */
export const TEXT_HEAD_BYTES = 64 * 1024;

export interface TextHead {
  text: string;
  /** True when the text is the whole file. */
  whole: boolean;
}

/** The first TEXT_HEAD_BYTES of the file at `url` (a file's signed link) as UTF-8 text, asked for as one range. */
export async function textHeadAt(url: string, size: number): Promise<TextHead> {
  const whole = size <= TEXT_HEAD_BYTES;
  const res = await fetch(url, whole ? {} : { headers: { range: `bytes=0-${TEXT_HEAD_BYTES - 1}` } });
  if (!res.ok) throw new Error(`the file could not be read (HTTP ${res.status})`);
  const text = new TextDecoder().decode(await res.arrayBuffer());
  // A cut may fall inside a character: drop what is left of it.
  return { text: whole ? text : text.replace(/\uFFFD+$/, ''), whole };
}
