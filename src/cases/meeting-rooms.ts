import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';

import { implementationsOf } from '../common/implementations.js';
import type { ResolvedCentre } from '../common/request.js';

/** Where a counsellor and a client meet online: the room's address in the app. */
export interface MeetingRoom {
  url: string;
}

/**
 * A feature that counsels in rooms of its own (a contact type) offers them through this port:
 * another feature (e.g. appointments of that contact type) asks for the room where a counsellor
 * meets a client, without knowing the feature that has it.
 */
export abstract class MeetingRoomProvider {
  /** The contact type it serves (its feature's key). */
  abstract readonly contactType: string;
  /** The counsellor's room for this client, made if there is none yet; null if it cannot be. */
  abstract roomFor(centre: ResolvedCentre, counsellorId: string, clientId: string): Promise<MeetingRoom | null>;
}

@Injectable()
export class MeetingRooms implements OnApplicationBootstrap {
  private providers: MeetingRoomProvider[] = [];

  constructor(private readonly discovery: DiscoveryService) {}

  onApplicationBootstrap(): void {
    this.providers = implementationsOf(this.discovery, MeetingRoomProvider);
  }

  /** The room for a contact type where the centre licenses it, or null (none, or not licensed). */
  async roomFor(centre: ResolvedCentre, contactType: string, counsellorId: string, clientId: string): Promise<MeetingRoom | null> {
    const provider = this.providers.find((p) => p.contactType === contactType);
    if (!provider || !centre.modules.includes(contactType)) return null;
    return provider.roomFor(centre, counsellorId, clientId);
  }
}
