/** A document in a case's document box, as its readers see it (never its content). */
export interface DocumentView {
  id: string;
  caseId: string;
  name: string;
  size: number;
  pages: number;
  uploader: { id: string | null; name: string; role: 'client' | 'counsellor' };
  createdAt: string;
  mine: boolean;
}

/** Header that carries the file name of an upload, URI-encoded (the body is the raw PDF). */
export const DOCUMENT_NAME_HEADER = 'x-file-name';
export const MAX_DOCUMENT_NAME_LENGTH = 200;

export const DOCUMENT_EVENTS = {
  added: 'document.added',
  removed: 'document.removed',
} as const;

/** What the document box adds to the public portal info (`PublicCentre.features.documents`). */
export interface DocumentsPortalInfo {
  /** The upload limit, so the app can say so before sending. */
  maxBytes: number;
}
