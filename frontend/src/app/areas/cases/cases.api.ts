import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';

import type { CaseSummary, CounsellorSummary } from '@contracts/cases';

/** The kernel's case routes of one centre: cases, groups, assignment, absence. */
@Injectable({ providedIn: 'root' })
export class CasesApi {
  private readonly http = inject(HttpClient);
  private readonly base = (slug: string) => `/api/v1/centres/${encodeURIComponent(slug)}`;

  cases = (slug: string) => firstValueFrom(this.http.get<CaseSummary[]>(`${this.base(slug)}/cases`));
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
