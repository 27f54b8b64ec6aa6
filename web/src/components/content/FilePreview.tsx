import { lazy, Suspense } from 'react';
import type { FileEntry } from '@datashelf/client';
import { AttachmentView } from './Attachment';
import { TextPreview } from './TextPreview';
import { fileLink, previewOf } from './attachments';

// The Parquet reader (and its decompressors) loads when a Parquet file is first shown, as the upload page's does.
const ParquetPreview = lazy(() => import('./ParquetPreview').then((m) => ({ default: m.ParquetPreview })));

/** A file of a version's tree shown in place: media by the attachment views, Parquet as its first rows, text as its start. */
export function FilePreview({ file }: { file: FileEntry }) {
  switch (previewOf(file)) {
    case 'media':
      return <AttachmentView name={file.path} attachment={fileLink(file)} />;
    case 'parquet':
      return (
        <Suspense fallback={<p aria-busy="true">Reading {file.path}…</p>}>
          <ParquetPreview path={file.path} url={file.url} size={file.size} />
        </Suspense>
      );
    case 'text':
      return <TextPreview path={file.path} url={file.url} size={file.size} />;
    default:
      return null;
  }
}
