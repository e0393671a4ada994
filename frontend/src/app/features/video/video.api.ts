import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';

import type {
  VideoConsentView,
  VideoGuestLinkView,
  VideoGuestRoomView,
  VideoJoinView,
  VideoRoomOptions,
  VideoRoomView,
  VideoSettingsView,
} from '@modules/video/contracts';

export interface RoomInput extends Partial<VideoRoomOptions> {
  name?: string;
  inviteeIds?: string[];
}

/** The video routes of one centre (live changes arrive over the socket). */
@Injectable({ providedIn: 'root' })
export class VideoApi {
  private readonly http = inject(HttpClient);
  private readonly base = (slug: string) => `/api/v1/centres/${encodeURIComponent(slug)}/video`;

  rooms = (slug: string) => firstValueFrom(this.http.get<VideoRoomView[]>(`${this.base(slug)}/rooms`));
  room = (slug: string, id: string) => firstValueFrom(this.http.get<VideoRoomView>(`${this.base(slug)}/rooms/${id}`));
  clients = (slug: string) => firstValueFrom(this.http.get<{ id: string; name: string }[]>(`${this.base(slug)}/clients`));
  create = (slug: string, input: RoomInput & { name: string }) => firstValueFrom(this.http.post<VideoRoomView>(`${this.base(slug)}/rooms`, input));
  update = (slug: string, id: string, input: RoomInput) => firstValueFrom(this.http.patch<VideoRoomView>(`${this.base(slug)}/rooms/${id}`, input));
  remove = (slug: string, id: string) => firstValueFrom(this.http.delete<void>(`${this.base(slug)}/rooms/${id}`));
  note = (slug: string, id: string) => firstValueFrom(this.http.get<{ text: string; updatedAt: string | null }>(`${this.base(slug)}/rooms/${id}/note`));
  saveNote = (slug: string, id: string, text: string) =>
    firstValueFrom(this.http.put<{ text: string; updatedAt: string | null }>(`${this.base(slug)}/rooms/${id}/note`, { text }));
  guestLinks = (slug: string, id: string) => firstValueFrom(this.http.get<VideoGuestLinkView[]>(`${this.base(slug)}/rooms/${id}/guest-links`));
  issueGuestLink = (slug: string, id: string, input: { label: string | null; days: number }) =>
    firstValueFrom(this.http.post<VideoGuestLinkView>(`${this.base(slug)}/rooms/${id}/guest-links`, input));
  revokeGuestLink = (slug: string, id: string, linkId: string) => firstValueFrom(this.http.delete<void>(`${this.base(slug)}/rooms/${id}/guest-links/${linkId}`));
  join = (slug: string, id: string) => firstValueFrom(this.http.post<VideoJoinView>(`${this.base(slug)}/rooms/${id}/join`, null));
  host = (slug: string, id: string, present: boolean, e2ee: boolean) =>
    firstValueFrom(this.http.post<{ present: boolean; e2ee: boolean }>(`${this.base(slug)}/rooms/${id}/host`, { present, e2ee }));
  end = (slug: string, id: string) => firstValueFrom(this.http.post<void>(`${this.base(slug)}/rooms/${id}/end`, null));
  participant = (slug: string, id: string, jitsiId: string, e2ee: boolean) =>
    firstValueFrom(this.http.post<void>(`${this.base(slug)}/rooms/${id}/participant`, { jitsiId, e2ee }));
  consent = (slug: string) => firstValueFrom(this.http.get<VideoConsentView>(`${this.base(slug)}/consent`));
  accept = (slug: string, version: string) => firstValueFrom(this.http.put<VideoConsentView>(`${this.base(slug)}/consent`, { version }));
  withdraw = (slug: string) => firstValueFrom(this.http.delete<void>(`${this.base(slug)}/consent`));
  settings = (slug: string) => firstValueFrom(this.http.get<VideoSettingsView>(`${this.base(slug)}/settings`));
  saveSettings = (slug: string, input: { domain: string; appId: string; secret?: string }) =>
    firstValueFrom(this.http.put<VideoSettingsView>(`${this.base(slug)}/settings`, input));
  clearSettings = (slug: string) => firstValueFrom(this.http.delete<void>(`${this.base(slug)}/settings`));
  guestRoom = (slug: string, token: string) => firstValueFrom(this.http.post<VideoGuestRoomView>(`${this.base(slug)}/guest/room`, { token }));
  guestJoin = (slug: string, input: { token: string; displayName: string; consentVersion: string }) =>
    firstValueFrom(this.http.post<VideoJoinView>(`${this.base(slug)}/guest/join`, input));
  guestParticipant = (slug: string, token: string, jitsiId: string, e2ee: boolean) =>
    firstValueFrom(this.http.post<void>(`${this.base(slug)}/guest/participant`, { token, jitsiId, e2ee }));
}
