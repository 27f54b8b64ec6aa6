import { sql } from 'kysely';
import { visibleAt } from './datapoint-rows.js';
import type { Attachment } from '../model/attachments.js';
import { attachmentId } from '../model/attachments.js';
import type { AttachmentTable, AttachmentUploadTable } from './schema.js';
import type { Queryable } from './store.js';

export type NewAttachment = Omit<AttachmentTable, 'size'> & { size: number };

const toAttachment = (row: AttachmentTable): Attachment => ({
  id: attachmentId(row.sha256),
  sha256: row.sha256,
  size: Number(row.size),
  mime_type: row.mime_type,
  filename: row.filename,
  created_at: row.created_at,
});

/**
 * Records that a project holds a blob; when it already did, its first record stands.
 * `created` says which: concurrent uploads of the same bytes make one row between them.
 */
export async function insertAttachment(q: Queryable, row: NewAttachment): Promise<{ attachment: Attachment; created: boolean }> {
  const inserted = await q.db
    .insertInto('attachments')
    .values(row)
    .onConflict((oc) => oc.columns(['project_id', 'sha256']).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) return { attachment: toAttachment(inserted), created: true };
  const existing = await findAttachment(q, row.project_id, row.sha256);
  if (!existing) throw new Error('an attachment row that conflicted is gone');
  return { attachment: existing, created: false };
}

export async function findAttachment(q: Queryable, projectId: string, sha256: string): Promise<Attachment | undefined> {
  const row = await q.db
    .selectFrom('attachments')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('sha256', '=', sha256)
    .executeTakeFirst();
  return row && toAttachment(row);
}

/** The bytes of every attachment the project holds (each file once, however many datasets name it). */
export async function projectAttachmentBytes(q: Queryable, projectId: string): Promise<number> {
  const row = await q.db
    .selectFrom('attachments')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number | string>('size'), eb.lit(0)).as('bytes'))
    .where('project_id', '=', projectId)
    .executeTakeFirstOrThrow();
  return Number(row.bytes);
}

/** Which of these blobs the project holds an attachment for (one query, the list bound as one parameter). */
export async function heldAttachments(q: Queryable, projectId: string, sha256s: string[]): Promise<Attachment[]> {
  if (sha256s.length === 0) return [];
  const rows = await q.db
    .selectFrom('attachments')
    .selectAll()
    .where('project_id', '=', projectId)
    .where((eb) => q.dialect.oneOf(eb.ref('sha256'), sha256s))
    .execute();
  return rows.map(toAttachment);
}

/** Marks these attachments as just named by a commit (and locks their rows until it ends); returns those the project holds. */
export async function useAttachments(q: Queryable, projectId: string, sha256s: string[], at: string): Promise<Attachment[]> {
  if (sha256s.length === 0) return [];
  const rows = await q.db
    .updateTable('attachments')
    .set({ used_at: at })
    .where('project_id', '=', projectId)
    .where((eb) => q.dialect.oneOf(eb.ref('sha256'), sha256s))
    .returningAll()
    .execute();
  return rows.map(toAttachment);
}

export async function insertUpload(q: Queryable, upload: AttachmentUploadTable): Promise<void> {
  await q.db.insertInto('attachment_uploads').values(upload).execute();
}

export async function findUpload(q: Queryable, projectId: string, id: string): Promise<AttachmentUploadTable | undefined> {
  return q.db.selectFrom('attachment_uploads').selectAll().where('project_id', '=', projectId).where('id', '=', id).executeTakeFirst();
}

export async function deleteUpload(q: Queryable, id: string): Promise<void> {
  await q.db.deleteFrom('attachment_uploads').where('id', '=', id).execute();
}

/**
 * The attachment names the datapoints of a version use, each with the media types of
 * the attachments it names: what a tabular export needs to know before its first row.
 */
export async function attachmentKinds(
  q: Queryable,
  projectId: string,
  datasetSeq: number,
  version: number,
): Promise<{ name: string; mime_type: string }[]> {
  const { rows } = await sql<{ name: string; mime_type: string }>`
    select distinct e.key as name, a.mime_type
    from datapoints d cross join ${q.dialect.objectEntries('d', 'attachments')}
    join attachments a on a.project_id = ${projectId} and a.sha256 = substr(e.value, 8)
    where d.dataset_seq = ${datasetSeq} and ${visibleAt(version, 'd')} and d.attachments <> '{}'
    order by e.key`.execute(q.db);
  return rows;
}
