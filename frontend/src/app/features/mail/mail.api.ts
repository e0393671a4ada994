import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';

import type { CaseSummary, CounsellorSummary, Routing } from '@contracts/cases';
import type { MailMessageView } from '@modules/mail/contracts';

export type EnquiryInput = { text: string } & Partial<{ [K in keyof Routing]: NonNullable<Routing[K]> }>;

/** The cases and mail routes of one centre. */
@Injectable({ providedIn: 'root' })
export class MailApi {
  private readonly http = inject(HttpClient);
  private readonly base = (slug: string) => `/api/v1/centres/${encodeURIComponent(slug)}`;

  cases = (slug: string) => firstValueFrom(this.http.get<CaseSummary[]>(`${this.base(slug)}/cases`));
  case = (slug: string, id: string) => firstValueFrom(this.http.get<CaseSummary>(`${this.base(slug)}/cases/${id}`));
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
  assign = (slug: string, caseId: string, counsellorId: string) =>
    firstValueFrom(this.http.put<CaseSummary>(`${this.base(slug)}/cases/${caseId}/counsellor`, { counsellorId }));
  counsellors = (slug: string) => firstValueFrom(this.http.get<CounsellorSummary[]>(`${this.base(slug)}/counsellors`));
  createGroup = (slug: string, title: string, memberIds: string[]) => firstValueFrom(this.http.post<CaseSummary>(`${this.base(slug)}/groups`, { title, memberIds }));
  absence = (slug: string) => firstValueFrom(this.http.get<{ enabled: boolean; text: string | null; setByAdmin: boolean }>(`${this.base(slug)}/absence`));
  setAbsence = (slug: string, enabled: boolean, text: string | null) =>
    firstValueFrom(this.http.put<{ enabled: boolean; text: string | null }>(`${this.base(slug)}/absence`, { enabled, text }));
  setAbsenceFor = (slug: string, counsellorId: string, enabled: boolean) =>
    firstValueFrom(this.http.put(`${this.base(slug)}/counsellors/${counsellorId}/absence`, { enabled, text: null }));
}
