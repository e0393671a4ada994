import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';

import type { BlockView, BookingView, CalendarDay, CrisisView, ProfileView, SlotView, TeamAdminView, TeamMemberView, WindowView } from '@modules/scheduling/contracts';

export interface WindowInput {
  kind: 'single' | 'weekly';
  date?: string;
  weekday?: number;
  from: string;
  to: string;
  validFrom?: string;
  validUntil?: string;
  slotMinutes: number;
  bufferMinutes: number;
  contactTypes: string[];
}

/** The scheduling routes of one centre. */
@Injectable({ providedIn: 'root' })
export class SchedulingApi {
  private readonly http = inject(HttpClient);
  private readonly base = (slug: string) => `/api/v1/centres/${encodeURIComponent(slug)}/scheduling`;

  slots = (slug: string, from: string, days: number) => firstValueFrom(this.http.get<SlotView[]>(`${this.base(slug)}/slots`, { params: { from, days } }));
  bookings = (slug: string, scope: 'upcoming' | 'past') => firstValueFrom(this.http.get<BookingView[]>(`${this.base(slug)}/bookings`, { params: { scope } }));
  book = (slug: string, input: { counsellorId: string; start: string; contactType: string; note: string | null }) =>
    firstValueFrom(this.http.post<BookingView>(`${this.base(slug)}/bookings`, input));
  move = (slug: string, id: string, start: string, contactType?: string) =>
    firstValueFrom(this.http.patch<BookingView>(`${this.base(slug)}/bookings/${id}`, { start, ...(contactType ? { contactType } : {}) }));
  cancel = (slug: string, id: string) => firstValueFrom(this.http.delete<void>(`${this.base(slug)}/bookings/${id}`));
  calendar = (slug: string, from: string, days = 7) => firstValueFrom(this.http.get<CalendarDay[]>(`${this.base(slug)}/calendar`, { params: { from, days } }));
  windows = (slug: string) => firstValueFrom(this.http.get<WindowView[]>(`${this.base(slug)}/windows`));
  addWindow = (slug: string, input: WindowInput) => firstValueFrom(this.http.post<WindowView>(`${this.base(slug)}/windows`, input));
  removeWindow = (slug: string, id: string) => firstValueFrom(this.http.delete<void>(`${this.base(slug)}/windows/${id}`));
  blocks = (slug: string) => firstValueFrom(this.http.get<BlockView[]>(`${this.base(slug)}/blocks`));
  addBlock = (slug: string, fromDate: string, untilDate: string) => firstValueFrom(this.http.post<BlockView>(`${this.base(slug)}/blocks`, { fromDate, untilDate }));
  removeBlock = (slug: string, id: string) => firstValueFrom(this.http.delete<void>(`${this.base(slug)}/blocks/${id}`));
  profile = (slug: string) => firstValueFrom(this.http.get<ProfileView>(`${this.base(slug)}/profile`));
  saveProfile = (slug: string, input: Partial<{ minNoticeHours: number; horizonDays: number; teamVisible: boolean; bio: string | null }>) =>
    firstValueFrom(this.http.patch<ProfileView>(`${this.base(slug)}/profile`, input));
  putPhoto(slug: string, file: File) {
    const form = new FormData();
    form.append('file', file);
    return firstValueFrom(this.http.put<ProfileView>(`${this.base(slug)}/profile/photo`, form));
  }
  deletePhoto = (slug: string) => firstValueFrom(this.http.delete<void>(`${this.base(slug)}/profile/photo`));
  crisis = (slug: string) => firstValueFrom(this.http.get<CrisisView>(`${this.base(slug)}/crisis`));
  setCrisis = (slug: string, active: boolean, until: string | null) => firstValueFrom(this.http.put<CrisisView>(`${this.base(slug)}/crisis`, { active, until }));
  team = (slug: string) => firstValueFrom(this.http.get<TeamMemberView[]>(`${this.base(slug)}/team`));
  adminTeam = (slug: string) => firstValueFrom(this.http.get<TeamAdminView[]>(`${this.base(slug)}/admin/team`));
  setHidden = (slug: string, id: string, hidden: boolean) => firstValueFrom(this.http.put<TeamAdminView[]>(`${this.base(slug)}/admin/team/${id}`, { hidden }));
  crisisOff = (slug: string, id: string) => firstValueFrom(this.http.delete<void>(`${this.base(slug)}/admin/crisis/${id}`));
}

/** Today in Europe/Berlin as YYYY-MM-DD (the server's dates are Berlin dates). */
export function berlinToday(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** A Berlin date plus days, as YYYY-MM-DD (calendar arithmetic on the date alone). */
export function plusDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** ISO weekday (1 = Monday) of a date. */
export function weekdayOf(date: string): number {
  return ((new Date(`${date}T12:00:00Z`).getUTCDay() + 6) % 7) + 1;
}
