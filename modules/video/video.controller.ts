import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import {
  type AppRequest,
  Authenticated,
  CasesService,
  CurrentCentre,
  CurrentPrincipal,
  DisplayNames,
  Feature,
  type Principal,
  type ResolvedCentre,
} from '#kernel';

import type { VideoConsentView, VideoGuestLinkView, VideoJoinView, VideoRoomView } from './contracts.js';
import { VideoConsentService } from './consent.service.js';
import { ConsentDto, CreateVideoRoomDto, GuestLinkDto, HostPresenceDto, ParticipantReportDto, UpdateVideoRoomDto, VideoNoteDto } from './dto.js';
import { GuestLinksService } from './guest-links.service.js';
import { VideoService } from './video.service.js';

const PEOPLE = { roles: ['counsellor', 'client'] } as const;
const COUNSELLOR = { roles: ['counsellor'] } as const;
const CLIENT = { roles: ['client'] } as const;

@ApiTags('video')
@Feature('video')
@Controller('api/v1/centres/:centre/video')
export class VideoController {
  constructor(
    private readonly video: VideoService,
    private readonly guests: GuestLinksService,
    private readonly consent: VideoConsentService,
    private readonly cases: CasesService,
    private readonly names: DisplayNames,
  ) {}

  @Authenticated(PEOPLE)
  @Get('rooms')
  @ApiOperation({ summary: 'A counsellor’s own rooms, or the rooms a client is invited to' })
  rooms(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() principal: Principal): Promise<VideoRoomView[]> {
    return this.video.rooms(centre, principal);
  }

  @Authenticated(COUNSELLOR)
  @Get('clients')
  @ApiOperation({ summary: 'The clients a counsellor may invite: those whose case they hold' })
  async clients(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() counsellor: Principal): Promise<{ id: string; name: string }[]> {
    const ids = await this.cases.ownClients(centre.id, counsellor.id);
    const names = await this.names.of(centre.id, ids);
    return ids.map((id) => ({ id, name: names.get(id) ?? '' })).sort((a, b) => a.name.localeCompare(b.name, 'de'));
  }

  @Authenticated(COUNSELLOR)
  @Post('rooms')
  @ApiOperation({ summary: 'Open a persistent, named room (options, invited clients of mine)' })
  @ApiCreatedResponse()
  create(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() counsellor: Principal, @Body() dto: CreateVideoRoomDto): Promise<VideoRoomView> {
    return this.video.create(centre, counsellor, dto);
  }

  @Authenticated(PEOPLE)
  @Get('rooms/:roomId')
  room(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() principal: Principal, @Param('roomId') roomId: string): Promise<VideoRoomView> {
    return this.video.room(centre, principal, roomId);
  }

  @Authenticated(COUNSELLOR)
  @Patch('rooms/:roomId')
  @ApiOperation({ summary: 'Rename the room, change its options or its invited clients (the room’s counsellor only)' })
  update(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() counsellor: Principal, @Param('roomId') roomId: string, @Body() dto: UpdateVideoRoomDto): Promise<VideoRoomView> {
    return this.video.update(centre, counsellor, roomId, dto);
  }

  @Authenticated(COUNSELLOR)
  @Delete('rooms/:roomId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete the room with its note, invitations and guest links' })
  remove(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() counsellor: Principal, @Param('roomId') roomId: string): Promise<void> {
    return this.video.remove(centre, counsellor, roomId);
  }

  @Authenticated(COUNSELLOR)
  @Get('rooms/:roomId/note')
  @ApiOperation({ summary: 'My own note on the room' })
  note(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() counsellor: Principal, @Param('roomId') roomId: string) {
    return this.video.note(centre, counsellor, roomId);
  }

  @Authenticated(COUNSELLOR)
  @Put('rooms/:roomId/note')
  saveNote(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() counsellor: Principal, @Param('roomId') roomId: string, @Body() dto: VideoNoteDto) {
    return this.video.saveNote(centre, counsellor, roomId, dto.text);
  }

  @Authenticated(COUNSELLOR)
  @Get('rooms/:roomId/guest-links')
  @ApiOperation({ summary: 'The room’s open guest links' })
  guestLinks(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() counsellor: Principal, @Param('roomId') roomId: string): Promise<VideoGuestLinkView[]> {
    return this.guests.list(centre, counsellor, roomId);
  }

  @Authenticated(COUNSELLOR)
  @Post('rooms/:roomId/guest-links')
  @ApiOperation({ summary: 'Hand out a guest link (no account needed; expires, revocable)' })
  @ApiCreatedResponse()
  issueGuestLink(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() counsellor: Principal, @Param('roomId') roomId: string, @Body() dto: GuestLinkDto): Promise<VideoGuestLinkView> {
    return this.guests.issue(centre, counsellor, roomId, dto);
  }

  @Authenticated(COUNSELLOR)
  @Delete('rooms/:roomId/guest-links/:linkId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a guest link' })
  revokeGuestLink(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() counsellor: Principal, @Param('roomId') roomId: string, @Param('linkId') linkId: string): Promise<void> {
    return this.guests.revoke(centre, counsellor, roomId, linkId);
  }

  @Authenticated(PEOPLE)
  @Post('rooms/:roomId/join')
  @HttpCode(200)
  @ApiOperation({ summary: 'A signed Jitsi token for this room: the counsellor any time; a client with consent, once the counsellor is in the call (else 409)' })
  join(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() principal: Principal, @Param('roomId') roomId: string): Promise<VideoJoinView> {
    return this.video.join(centre, principal, roomId);
  }

  @Authenticated(COUNSELLOR)
  @Post('rooms/:roomId/host')
  @HttpCode(200)
  @ApiOperation({ summary: 'My call page: I am in the call (every 30 s, with the encryption in force) or I left' })
  host(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() counsellor: Principal, @Param('roomId') roomId: string, @Body() dto: HostPresenceDto) {
    return this.video.hostPresence(centre, counsellor, roomId, dto);
  }

  @Authenticated(COUNSELLOR)
  @Post('rooms/:roomId/end')
  @HttpCode(204)
  @ApiOperation({ summary: 'End the session for everyone (the call page ends the conference at Jitsi too)' })
  end(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() counsellor: Principal, @Param('roomId') roomId: string): Promise<void> {
    return this.video.end(centre, counsellor, roomId);
  }

  @Authenticated(CLIENT)
  @Post('rooms/:roomId/participant')
  @HttpCode(204)
  @ApiOperation({ summary: 'In the call: whether my browser can take part in end-to-end encryption (told to the counsellor’s call page)' })
  participant(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() client: Principal, @Param('roomId') roomId: string, @Body() dto: ParticipantReportDto): Promise<void> {
    return this.video.participant(centre, client, roomId, dto);
  }

  @Authenticated(CLIENT)
  @Get('consent')
  @ApiOperation({ summary: 'The consent text to video counselling, and whether I accepted its current version' })
  consentView(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() client: Principal, @Req() req: AppRequest): Promise<VideoConsentView> {
    return this.consent.view(centre, client, req.locale);
  }

  @Authenticated(CLIENT)
  @Put('consent')
  @ApiOperation({ summary: 'Accept the consent text (its current version)' })
  accept(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() client: Principal, @Body() dto: ConsentDto, @Req() req: AppRequest): Promise<VideoConsentView> {
    return this.consent.accept(centre, client, dto.version, req.locale);
  }

  @Authenticated(CLIENT)
  @Delete('consent')
  @HttpCode(204)
  @ApiOperation({ summary: 'Withdraw my consent (no video session until given again)' })
  withdraw(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() client: Principal): Promise<void> {
    return this.consent.withdraw(centre, client);
  }
}
