import { HttpClient, HttpEventType } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { filter, firstValueFrom, map, tap } from 'rxjs';

import type { DocumentView } from '@modules/documents/contracts';

/** The document box of a case. */
@Injectable({ providedIn: 'root' })
export class DocumentsApi {
  private readonly http = inject(HttpClient);
  private readonly base = (slug: string, caseId: string) => `/api/v1/centres/${encodeURIComponent(slug)}/cases/${caseId}/documents`;

  list = (slug: string, caseId: string) => firstValueFrom(this.http.get<DocumentView[]>(this.base(slug, caseId)));

  /** The browser downloads the file itself (an attachment), so large files never sit in memory. */
  contentUrl = (slug: string, caseId: string, id: string) => `${this.base(slug, caseId)}/${id}/content`;

  remove = (slug: string, caseId: string, id: string) => firstValueFrom(this.http.delete<void>(`${this.base(slug, caseId)}/${id}`));

  /** Sends the file as the request body, reporting upload progress in percent. */
  upload(slug: string, caseId: string, file: File, progress: (percent: number) => void): Promise<DocumentView> {
    return firstValueFrom(
      this.http
        .post<DocumentView>(this.base(slug, caseId), file, {
          headers: { 'content-type': 'application/pdf', 'x-file-name': encodeURIComponent(file.name) },
          reportProgress: true,
          observe: 'events',
        })
        .pipe(
          tap((event) => {
            if (event.type === HttpEventType.UploadProgress && event.total) progress(Math.round((100 * event.loaded) / event.total));
          }),
          filter((event) => event.type === HttpEventType.Response),
          map((event) => event.body!),
        ),
    );
  }
}
