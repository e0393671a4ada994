import { defineFeature } from '#kernel';

import { DocumentsModule } from './documents.module.js';
import { DOCUMENTS_MESSAGES } from './messages.js';
import { AddDocuments1795730000000 } from './migrations/1795730000000-AddDocuments.js';

/** The document box of a case: PDFs shared between client and counsellor, checked and sealed. */
export const documentsFeature = defineFeature({
  key: 'documents',
  module: DocumentsModule,
  // Documents belong to a case, and cases are opened by a mail enquiry.
  requires: ['mail'],
  migrations: [AddDocuments1795730000000],
  messages: DOCUMENTS_MESSAGES,
});
