import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** Names that mean active content wherever they stand outside a stream's bytes. */
const ACTIVE = /\/(JavaScript|JS|Launch|EmbeddedFiles?|EF|FileAttachment|AA|XFA|SubmitForm|ImportData|GoToR|GoToE|RichMedia\w*|OnInstantiate|3DD?|Rendition|Movie|Sound|Screen|OpenAction)(?![A-Za-z0-9])/;

/**
 * What a real PDF reader — pdf.js, the one Firefox shows PDFs with, not the library the server
 * inspects with — finds active in a file: document and page scripts, the opening action,
 * attachments, form fields, annotations that act. Plus a look at the raw bytes outside streams.
 * An independent second opinion on what the document box stores.
 */
export async function activeContentSeenByReader(bytes: Uint8Array): Promise<string[]> {
  const found: string[] = [];
  const task = getDocument({ data: new Uint8Array(bytes), disableFontFace: true, useWorkerFetch: false, verbosity: 0 });
  const doc = await task.promise;
  try {
    const scripts = await doc.getJSActions();
    if (scripts && Object.keys(scripts).length) found.push(`document scripts: ${Object.keys(scripts).join(', ')}`);
    const opening = await doc.getOpenAction();
    if (opening && (opening as { action?: unknown }).action) found.push('opening action');
    const attachments = await doc.getAttachments();
    if (attachments && Object.keys(attachments).length) found.push('attachments');
    const fields = await doc.getFieldObjects();
    if (fields && Object.keys(fields).length) found.push('form fields');
    if ((doc as unknown as { isPureXfa?: boolean }).isPureXfa) found.push('XFA');
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const pageScripts = await page.getJSActions();
      if (pageScripts && Object.keys(pageScripts).length) found.push(`page ${n} scripts`);
      for (const annotation of (await page.getAnnotations()) as { subtype: string; actions?: object; action?: string; unsafeUrl?: string; url?: string; file?: unknown; newWindow?: boolean }[]) {
        if (annotation.actions && Object.keys(annotation.actions).length) found.push(`page ${n} ${annotation.subtype} scripts`);
        if (annotation.action) found.push(`page ${n} ${annotation.subtype} action ${annotation.action}`);
        if (annotation.file) found.push(`page ${n} attachment`);
        if (['FileAttachment', 'RichMedia', 'Screen', 'Movie', 'Sound', '3D', 'Widget'].includes(annotation.subtype)) found.push(`page ${n} ${annotation.subtype}`);
        // A remote file behind a link (GoToR) arrives as an unsafe URL pointing at a file.
        if (annotation.unsafeUrl && !/^https?:/i.test(annotation.unsafeUrl)) found.push(`page ${n} link to ${annotation.unsafeUrl}`);
      }
    }
  } finally {
    await task.destroy();
  }
  const raw = ACTIVE.exec(outsideStreams(Buffer.from(bytes).toString('latin1')));
  if (raw) found.push(`name /${raw[1]} in the file`);
  return found;
}

/** The file's text with every stream's bytes taken out, as far as its /Length says they reach. */
function outsideStreams(text: string): string {
  let out = '';
  let at = 0;
  for (const match of text.matchAll(/\/Length (\d+)(?:(?!>>)[\s\S])*>>\s*stream\r?\n/g)) {
    if (match.index < at) continue;
    out += text.slice(at, match.index + match[0].length);
    at = match.index + match[0].length + Number(match[1]);
  }
  return out + text.slice(at);
}

/** The text a reader shows on each page (pdf.js's text layer). */
export async function pageTexts(bytes: Uint8Array): Promise<string[]> {
  const task = getDocument({ data: new Uint8Array(bytes), disableFontFace: true, useWorkerFetch: false, verbosity: 0 });
  const doc = await task.promise;
  try {
    const texts: string[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const content = await (await doc.getPage(n)).getTextContent();
      texts.push(content.items.map((item) => ('str' in item ? item.str : '')).join(''));
    }
    return texts;
  } finally {
    await task.destroy();
  }
}
