import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';

import type { Routing } from '@contracts/cases';
import type { MailMessageView } from '@modules/mail/contracts';

export type EnquiryInput = { text: string } & Partial<{ [K in keyof Routing]: NonNullable<Routing[K]> }>;

/** The routes of written counselling in one centre: enquiries, threads, notes, notices. */
@Injectable({ providedIn: 'root' })
export class MailApi {
  private readonly http = inject(HttpClient);
  private readonly base = (slug: string) => `/api/v1/centres/${encodeURIComponent(slug)}`;

  enquiry = (slug: string, body: EnquiryInput) => firstValueFrom(this.http.post<{ caseId: string }>(`${this.base(slug)}/enquiries`, body));
  messages(slug: string, caseId: string, before?: string) {
    const params: Record<string, string> = before ? { before } : {};
    return firstValueFrom(this.http.get<MailMessageView[]>(`${this.base(slug)}/cases/${caseId}/messages`, { params }));
  }
  post = (slug: string, caseId: string, text: string) => firstValueFrom(this.http.post<MailMessageView>(`${this.base(slug)}/cases/${caseId}/messages`, { text }));
  read = (slug: string, caseId: string) => firstValueFrom(this.http.post<{ unread: number }>(`${this.base(slug)}/cases/${caseId}/read`, null));
  note = (slug: string, caseId: string) => firstValueFrom(this.http.get<{ text: string; updatedAt: string | null }>(`${this.base(slug)}/cases/${caseId}/note`));
  saveNote = (slug: string, caseId: string, text: string) =>
    firstValueFrom(this.http.put<{ text: string; updatedAt: string | null }>(`${this.base(slug)}/cases/${caseId}/note`, { text }));
  notice = (slug: string, caseId: string, text: string) => firstValueFrom(this.http.post<{ id: string }>(`${this.base(slug)}/cases/${caseId}/notices`, { text }));
}
