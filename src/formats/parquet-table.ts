import { parquetSchema, type AsyncBuffer, type SchemaElement } from 'hyparquet';
import { badRequest } from '../domain/errors.js';
import { fileColumnsOf } from './hf-features.js';
import { metadataOf } from './read-parquet.js';
import { tableColumns, unkeptType, type TableSchema } from './table-schema.js';

/** The fields of a schema element worth keeping: what the Parquet footer says, without what the reader left undefined. */
const kept = (element: SchemaElement): SchemaElement =>
  Object.fromEntries(Object.entries(element).filter(([, value]) => value !== undefined)) as unknown as SchemaElement;

/**
 * A Parquet file's columns as a table, read from its footer alone. Columns of files keep
 * their `{bytes, path}` struct; every other column must be of a type that comes back as
 * it went (see leafKind), or the file is refused naming the first that would not.
 */
export async function parquetTableSchema(file: AsyncBuffer): Promise<TableSchema> {
  const metadata = await metadataOf(file);
  const files = fileColumnsOf(metadata, parquetSchema(metadata).children).map((c) => c.name);
  const schema: TableSchema = {
    elements: metadata.schema.slice(1).map(kept),
    metadata: (metadata.key_value_metadata ?? []).map(({ key, value }) => ({ key, ...(value !== undefined && { value }) })),
    files,
  };
  for (const column of tableColumns(schema)) {
    if (files.includes(column.element.name)) continue;
    const problem = unkeptType(column);
    if (problem) {
      throw badRequest(
        `the column ${problem}, which datashelf does not keep exactly; cast it before pushing (to string, int64 or float64, as fits)`,
      );
    }
  }
  return schema;
}
