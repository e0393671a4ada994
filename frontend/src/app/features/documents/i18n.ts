/** The texts of the document box: German first, English with the same keys. */
export const de = {
  'module.documents': 'Dokumente austauschen',
  'documents.title': "Dokumente",
  'documents.empty': "Noch keine Dokumente. Hier können Sie PDF-Dateien austauschen.",
  'documents.pages': "{count} S.",
  'documents.confirmDelete': "Wirklich löschen?",
  'documents.delete': "Löschen",
  'documents.deleteNamed': "{name} löschen",
  'documents.dropHint': "PDF-Datei hierher ziehen oder auswählen (höchstens {max})",
  'documents.choose': "PDF-Datei auswählen",
  'documents.uploading': "Wird hochgeladen",
  'documents.tooLarge': "Die Datei ist zu groß (höchstens {max}).",
  'documents.onlyPdf': "Bitte wählen Sie eine PDF-Datei.",
  'documents.uploaded': "„{name}“ wurde hochgeladen.",
  'documents.deleted': "„{name}“ wurde gelöscht.",
} as const;

export const en: Record<keyof typeof de, string> = {
  'module.documents': 'Exchange documents',
  'documents.title': "Documents",
  'documents.empty': "No documents yet. You can exchange PDF files here.",
  'documents.pages': "{count} p.",
  'documents.confirmDelete': "Really delete?",
  'documents.delete': "Delete",
  'documents.deleteNamed': "Delete {name}",
  'documents.dropHint': "Drop a PDF file here or choose one (at most {max})",
  'documents.choose': "Choose a PDF file",
  'documents.uploading': "Uploading",
  'documents.tooLarge': "The file is too large (at most {max}).",
  'documents.onlyPdf': "Please choose a PDF file.",
  'documents.uploaded': "\"{name}\" was uploaded.",
  'documents.deleted': "\"{name}\" was deleted.",
};
