import { createContext, useContext, type ReactNode } from 'react';
import type { AttachmentLink } from '@datashelf/client';
import { describeFile, kindOf, type AttachmentMap } from './attachments';

const Scope = createContext<AttachmentMap | undefined>(undefined);

/** The attachments of the datapoint being shown, for the values inside it that name one (a chat's image part). */
export function AttachmentScope({ attachments, children }: { attachments: unknown; children: ReactNode }) {
  const map = typeof attachments === 'object' && attachments !== null ? (attachments as AttachmentMap) : undefined;
  return <Scope.Provider value={map}>{children}</Scope.Provider>;
}

export const useAttachmentScope = () => useContext(Scope);

/** The file as a link: opens in a new tab (shown by the browser when it can), else downloads. */
function FileLink({ name, link }: { name: string; link: AttachmentLink }) {
  return (
    <a
      className="attachment-link"
      href={link.url}
      target="_blank"
      rel="noopener"
      download={kindOf(link.mime_type) === 'file' ? (link.filename ?? name) : undefined}
    >
      {name}: {describeFile(link)}
    </a>
  );
}

function Full({ name, link }: { name: string; link: AttachmentLink }) {
  const label = `${name}${link.filename ? ` (${link.filename})` : ''}`;
  switch (kindOf(link.mime_type)) {
    case 'image':
      return (
        <a href={link.url} target="_blank" rel="noopener" title="Open full size">
          <img className="attachment-image" src={link.url} alt={label} loading="lazy" />
        </a>
      );
    case 'audio':
      return <audio className="attachment-media" controls preload="metadata" src={link.url} aria-label={label} />;
    case 'video':
      return <video className="attachment-media" controls preload="metadata" src={link.url} aria-label={label} />;
    case 'pdf':
      return <iframe className="attachment-pdf" src={link.url} title={label} loading="lazy" />;
    default:
      return null;
  }
}

const KINDS = { image: 'image', audio: 'audio', video: 'video', pdf: 'PDF', file: 'file' } as const;

/**
 * One attachment, by what it is: an image inline (a thumbnail in a table cell, larger
 * elsewhere; either opens full size), audio and video with their controls, a PDF in a
 * frame, anything else as a download with its name, size and type. A draft's attachment
 * (an id until it is committed) is named, not fetched.
 */
export function AttachmentView({ name, attachment, cell = false }: { name: string; attachment: AttachmentLink | string; cell?: boolean }) {
  if (typeof attachment === 'string')
    return (
      <span className="attachment pending" title={attachment}>
        {name}: {attachment.slice(0, 15)}… (shown once committed)
      </span>
    );
  const kind = kindOf(attachment.mime_type);
  if (cell)
    return kind === 'image' ? (
      <a className="attachment" href={attachment.url} target="_blank" rel="noopener" title={`${name}: ${describeFile(attachment)}`}>
        <img className="attachment-thumb" src={attachment.url} alt={name} loading="lazy" />
      </a>
    ) : (
      <span className="attachment chip" title={describeFile(attachment)}>
        {KINDS[kind] !== name && <span className="kind">{KINDS[kind]} </span>}
        {name}
      </span>
    );
  return (
    <figure className={`attachment kind-${kind}`}>
      <Full name={name} link={attachment} />
      <figcaption>
        <FileLink name={name} link={attachment} />
      </figcaption>
    </figure>
  );
}

/** A datapoint's attachments, each by its name. */
export function AttachmentList({ attachments, cell = false }: { attachments: AttachmentMap; cell?: boolean }) {
  return (
    <div className={`attachments${cell ? ' in-cell' : ''}`}>
      {Object.entries(attachments).map(([name, a]) => (
        <AttachmentView key={name} name={name} attachment={a} cell={cell} />
      ))}
    </div>
  );
}
