import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';

import type { ChatMessageView, ChatRoomView } from '@modules/chat/contracts';

export interface RoomInput {
  name: string;
  participantIds: string[];
  agreedTime: string | null;
}

/** The chat routes of one centre (the live side goes over the socket, see ChatRoomComponent). */
@Injectable({ providedIn: 'root' })
export class ChatApi {
  private readonly http = inject(HttpClient);
  private readonly base = (slug: string) => `/api/v1/centres/${encodeURIComponent(slug)}/chat`;

  rooms = (slug: string) => firstValueFrom(this.http.get<ChatRoomView[]>(`${this.base(slug)}/rooms`));
  room = (slug: string, id: string) => firstValueFrom(this.http.get<ChatRoomView>(`${this.base(slug)}/rooms/${id}`));
  clients = (slug: string) => firstValueFrom(this.http.get<{ id: string; name: string }[]>(`${this.base(slug)}/clients`));
  create = (slug: string, input: RoomInput) => firstValueFrom(this.http.post<ChatRoomView>(`${this.base(slug)}/rooms`, input));
  update = (slug: string, id: string, input: { name?: string; agreedTime?: string | null }) =>
    firstValueFrom(this.http.patch<ChatRoomView>(`${this.base(slug)}/rooms/${id}`, input));
  remove = (slug: string, id: string) => firstValueFrom(this.http.delete<void>(`${this.base(slug)}/rooms/${id}`));
  messages(slug: string, id: string, before?: string) {
    const params: Record<string, string> = before ? { before } : {};
    return firstValueFrom(this.http.get<ChatMessageView[]>(`${this.base(slug)}/rooms/${id}/messages`, { params }));
  }
  read = (slug: string, id: string) => firstValueFrom(this.http.post<{ unread: number }>(`${this.base(slug)}/rooms/${id}/read`, null));
}
