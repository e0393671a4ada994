import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Put, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';

import { Authenticated, CurrentCentre, CurrentPrincipal, Feature, type Principal, Public, type ResolvedCentre } from '#kernel';

import type { TeamAdminView, TeamMemberView } from './contracts.js';
import { CrisisService } from './crisis.service.js';
import { TeamVisibilityDto } from './dto.js';
import { TeamService } from './team.service.js';

const ADMIN = { roles: ['admin'] } as const;

@ApiTags('scheduling')
@Feature('scheduling')
@Controller('api/v1/centres/:centre/scheduling')
export class TeamController {
  constructor(
    private readonly team: TeamService,
    private readonly crisis: CrisisService,
  ) {}

  @Public()
  @Get('team')
  @ApiOperation({ summary: 'The public team page: who presents themself, their ways of contact, whether they have free slots' })
  members(@CurrentCentre() centre: ResolvedCentre): Promise<TeamMemberView[]> {
    return this.team.team(centre);
  }

  @Public()
  @Get('team/:counsellorId/photo')
  @ApiOperation({ summary: 'A portrait on the team page' })
  async photo(
    @CurrentCentre() centre: ResolvedCentre,
    @Param('counsellorId') counsellorId: string,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    const photo = await this.team.photo(centre, counsellorId);
    const etag = `"${photo.data.length.toString(36)}-${Buffer.from(photo.data.subarray(0, 16)).toString('hex')}"`;
    res.setHeader('ETag', etag);
    // Public, but only while the person is on the team page: revalidated after five minutes.
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if (ifNoneMatch === etag) {
      res.status(304).end();
      return;
    }
    res.type(photo.mimeType).send(photo.data);
  }

  @Authenticated(ADMIN)
  @Get('admin/team')
  @ApiOperation({ summary: 'Every counsellor: on the team page or not, hidden by the administration, crisis duty' })
  adminTeam(@CurrentCentre() centre: ResolvedCentre): Promise<TeamAdminView[]> {
    return this.team.adminTeam(centre);
  }

  @Authenticated(ADMIN)
  @Put('admin/team/:counsellorId')
  @ApiOperation({ summary: 'Hide a counsellor from the team page, or show them again' })
  setHidden(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() admin: Principal, @Param('counsellorId') id: string, @Body() dto: TeamVisibilityDto): Promise<TeamAdminView[]> {
    return this.team.setHidden(centre, admin, id, dto.hidden);
  }

  @Authenticated(ADMIN)
  @Delete('admin/crisis/:counsellorId')
  @HttpCode(204)
  @ApiOperation({ summary: 'End a counsellor’s crisis duty' })
  crisisOff(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() admin: Principal, @Param('counsellorId') id: string): Promise<void> {
    return this.crisis.switchOff(centre, admin, id);
  }
}
