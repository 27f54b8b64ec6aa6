/** A cursor page, as every growing list of the native API answers. */
export interface CursorPage<T> {
  data: T[];
  next_cursor: string | null;
}

/**
 * Every item of a cursor-paged list, fetching the next page only when the loop gets
 * there: `for await (const d of client.datapoints.list(id)) …`.
 */
export async function* eachItem<T>(page: (cursor: string | undefined) => Promise<CursorPage<T>>): AsyncGenerator<T> {
  let cursor: string | undefined;
  do {
    const { data, next_cursor } = await page(cursor);
    yield* data;
    cursor = next_cursor ?? undefined;
  } while (cursor);
}

/** Every item of an async iterable, collected (for lists known to be small). */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}
