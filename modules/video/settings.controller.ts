import { Body, Controller, Delete, Get, HttpCode, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { AllowSuspended, Authenticated, CurrentCentre, CurrentPrincipal, Feature, invalid, type Principal, type ResolvedCentre } from '#kernel';

import type { VideoSettingsView } from './contracts.js';
import { VideoSettingsDto } from './dto.js';
import { JitsiSettingsService } from './jitsi-settings.service.js';

/** Which Jitsi Meet the centre's rooms run on: set by the operator or the centre's administration. */
const SETTERS = { roles: ['admin', 'operator'] } as const;

@ApiTags('video')
@Feature('video')
// The operator looks after a suspended centre too (its people have no sessions then).
@AllowSuspended()
@Controller('api/v1/centres/:centre/video/settings')
export class VideoSettingsController {
  constructor(private readonly settings: JitsiSettingsService) {}

  @Authenticated(SETTERS)
  @Get()
  @ApiOperation({ summary: 'The Jitsi server in force for this centre (never its secret)' })
  view(@CurrentCentre() centre: ResolvedCentre): Promise<VideoSettingsView> {
    return this.settings.view(centre.id);
  }

  @Authenticated(SETTERS)
  @Put()
  @ApiOperation({ summary: 'Set the centre’s own Jitsi server: domain, app id and secret (sealed with the centre’s key)' })
  async save(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() actor: Principal, @Body() dto: VideoSettingsDto): Promise<VideoSettingsView> {
    if (!dto.secret && !(await this.settings.hasOwnSecret(centre.id))) throw invalid([{ field: 'secret', code: 'field.jitsiSecretMissing' }]);
    return this.settings.save(centre, actor, dto);
  }

  @Authenticated(SETTERS)
  @Delete()
  @HttpCode(204)
  @ApiOperation({ summary: 'Back to the server’s defaults (JITSI_*), or none' })
  clear(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() actor: Principal): Promise<void> {
    return this.settings.clear(centre, actor);
  }
}
