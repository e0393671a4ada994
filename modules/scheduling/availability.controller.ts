import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { Authenticated, CurrentCentre, CurrentPrincipal, Feature, type Principal, type ResolvedCentre } from '#kernel';

import type { BlockView, CalendarDay, CrisisView, ProfileView, WindowView } from './contracts.js';
import { AvailabilityService } from './availability.service.js';
import { BookingService } from './booking.service.js';
import { CrisisService } from './crisis.service.js';
import { BlockDto, CalendarQuery, CrisisDto, ProfileDto, WindowDto } from './dto.js';
import { MAX_PHOTO_BYTES, TeamService } from './team.service.js';

const COUNSELLOR = { roles: ['counsellor'] } as const;

/** What a counsellor publishes and sets for themself: windows, blocks, rules, team profile, crisis duty. */
@ApiTags('scheduling')
@Feature('scheduling')
@Controller('api/v1/centres/:centre/scheduling')
export class AvailabilityController {
  constructor(
    private readonly availability: AvailabilityService,
    private readonly bookings: BookingService,
    private readonly team: TeamService,
    private readonly crisis: CrisisService,
  ) {}

  @Authenticated(COUNSELLOR)
  @Get('windows')
  @ApiOperation({ summary: 'My published time windows' })
  windows(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() me: Principal): Promise<WindowView[]> {
    return this.availability.windows(centre, me);
  }

  @Authenticated(COUNSELLOR)
  @Post('windows')
  @ApiOperation({ summary: 'Publish a time window, once or weekly (local times, Europe/Berlin), cut into slots' })
  @ApiCreatedResponse()
  addWindow(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() me: Principal, @Body() dto: WindowDto): Promise<WindowView> {
    return this.availability.addWindow(centre, me, dto);
  }

  @Authenticated(COUNSELLOR)
  @Delete('windows/:windowId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Take a window down (bookings made in it stay)' })
  removeWindow(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() me: Principal, @Param('windowId') id: string): Promise<void> {
    return this.availability.removeWindow(centre, me, id);
  }

  @Authenticated(COUNSELLOR)
  @Get('blocks')
  @ApiOperation({ summary: 'My blocked days (holidays, absences) from today' })
  blocks(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() me: Principal): Promise<BlockView[]> {
    return this.availability.blocks(centre, me);
  }

  @Authenticated(COUNSELLOR)
  @Post('blocks')
  @ApiOperation({ summary: 'Block days: no slots on them' })
  @ApiCreatedResponse()
  addBlock(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() me: Principal, @Body() dto: BlockDto): Promise<BlockView> {
    return this.availability.addBlock(centre, me, dto);
  }

  @Authenticated(COUNSELLOR)
  @Delete('blocks/:blockId')
  @HttpCode(204)
  removeBlock(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() me: Principal, @Param('blockId') id: string): Promise<void> {
    return this.availability.removeBlock(centre, me, id);
  }

  @Authenticated(COUNSELLOR)
  @Get('calendar')
  @ApiOperation({ summary: 'My days: every slot with who booked it, and blocked days (a week from Monday by default)' })
  calendar(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() me: Principal, @Query() query: CalendarQuery): Promise<CalendarDay[]> {
    return this.bookings.calendar(centre, me, query);
  }

  @Authenticated(COUNSELLOR)
  @Get('profile')
  @ApiOperation({ summary: 'My booking rules and team profile' })
  profile(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() me: Principal): Promise<ProfileView> {
    return this.team.profile(centre, me);
  }

  @Authenticated(COUNSELLOR)
  @Patch('profile')
  @ApiOperation({ summary: 'Change my booking rules (minimum notice, how far ahead) and team profile (shown or not, text)' })
  saveProfile(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() me: Principal, @Body() dto: ProfileDto): Promise<ProfileView> {
    return this.team.saveProfile(centre, me, dto);
  }

  @Authenticated(COUNSELLOR)
  @Put('profile/photo')
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_PHOTO_BYTES, files: 1, fields: 0 } }))
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiOperation({ summary: 'My portrait for the team page (JPEG, PNG or WebP, at most 5 MB; decoded and written anew without metadata)' })
  putPhoto(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() me: Principal, @UploadedFile() file: { buffer: Buffer } | undefined): Promise<ProfileView> {
    return this.team.putPhoto(centre, me, file?.buffer);
  }

  @Authenticated(COUNSELLOR)
  @Delete('profile/photo')
  @HttpCode(204)
  deletePhoto(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() me: Principal): Promise<void> {
    return this.team.deletePhoto(centre, me);
  }

  @Authenticated(COUNSELLOR)
  @Get('crisis')
  @ApiOperation({ summary: 'Whether I am on duty as crisis contact' })
  crisisView(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() me: Principal): Promise<CrisisView> {
    return this.crisis.view(centre, me);
  }

  @Authenticated(COUNSELLOR)
  @Put('crisis')
  @ApiOperation({ summary: 'Go on or off duty as crisis contact (new clients come straight to me), optionally until a time' })
  setCrisis(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() me: Principal, @Body() dto: CrisisDto): Promise<CrisisView> {
    return this.crisis.set(centre, me, dto);
  }
}
