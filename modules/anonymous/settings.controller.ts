import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { AllowSuspended, Authenticated, CurrentCentre, CurrentPrincipal, Feature, type Principal, type ResolvedCentre } from '#kernel';

import type { AnonymousSettingsView } from './contracts.js';
import { AnonymousSettingsDto } from './dto.js';
import { AnonymousSettingsService } from './settings.service.js';

const SETTERS = { roles: ['admin', 'operator'] } as const;

/** The centre's emergency numbers and topic chat retention: set by its administration or the operator. */
@ApiTags('anonymous')
@Feature('anonymous')
// The operator looks after a suspended centre too (its people have no sessions then).
@AllowSuspended()
@Controller('api/v1/centres/:centre/anonymous/settings')
export class AnonymousSettingsController {
  constructor(private readonly settings: AnonymousSettingsService) {}

  @Authenticated(SETTERS)
  @Get()
  view(@CurrentCentre() centre: ResolvedCentre): Promise<AnonymousSettingsView> {
    return this.settings.view(centre.id);
  }

  @Authenticated(SETTERS)
  @Put()
  @ApiOperation({ summary: 'Emergency numbers shown where visitors wait; days a topic chat’s history stays after its window' })
  save(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() actor: Principal, @Body() dto: AnonymousSettingsDto): Promise<AnonymousSettingsView> {
    return this.settings.save(centre, actor, dto);
  }
}
