import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { type AppRequest, CurrentCentre, Feature, Public, type ResolvedCentre } from '#kernel';

import type { VideoGuestRoomView, VideoJoinView } from './contracts.js';
import { GuestJoinDto, GuestParticipantDto, GuestTokenDto } from './dto.js';
import { GuestLinksService } from './guest-links.service.js';

/**
 * The guest page's routes: no account, the link's secret in the body (never in a path or query,
 * which logs and proxies keep).
 */
@ApiTags('video')
@Feature('video')
@Controller('api/v1/centres/:centre/video/guest')
export class GuestController {
  constructor(private readonly guests: GuestLinksService) {}

  @Public()
  @Post('room')
  @HttpCode(200)
  @ApiOperation({ summary: 'What a guest link opens: the room, the counsellor, whether they are in the call, the consent text' })
  room(@CurrentCentre() centre: ResolvedCentre, @Body() dto: GuestTokenDto, @Req() req: AppRequest): Promise<VideoGuestRoomView> {
    return this.guests.guestRoom(centre, dto.token, req.locale);
  }

  @Public()
  @Post('join')
  @HttpCode(200)
  @ApiOperation({ summary: 'A guest’s Jitsi token, with the consent text confirmed, once the counsellor is in the call (else 409)' })
  join(@CurrentCentre() centre: ResolvedCentre, @Body() dto: GuestJoinDto): Promise<VideoJoinView> {
    return this.guests.guestJoin(centre, dto);
  }

  @Public()
  @Post('participant')
  @HttpCode(204)
  @ApiOperation({ summary: 'In the call: whether the guest’s browser can take part in end-to-end encryption' })
  participant(@CurrentCentre() centre: ResolvedCentre, @Body() dto: GuestParticipantDto): Promise<void> {
    return this.guests.guestParticipant(centre, dto.token, dto.jitsiId, dto.e2ee);
  }
}
