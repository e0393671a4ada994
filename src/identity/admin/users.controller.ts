import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import type { Principal, ResolvedCentre } from '../../common/request.js';
import { Authenticated, CurrentCentre, CurrentPrincipal } from '../auth/auth.decorators.js';
import { CentreSettingsDto, CreateStaffDto, UserQueryDto, type UserSummary } from './dto.js';
import { UserAdminService } from './user-admin.service.js';

const ADMIN = { roles: ['admin'] } as const;

@ApiTags('admin')
@Authenticated(ADMIN)
@Controller('api/v1/centres/:centre')
export class UsersController {
  constructor(private readonly users: UserAdminService) {}

  @Post('staff')
  @ApiOperation({ summary: 'Create a counsellor or admin; they get an invitation to set their password' })
  @ApiCreatedResponse()
  createStaff(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() actor: Principal, @Body() dto: CreateStaffDto): Promise<UserSummary> {
    return this.users.createStaff(centre, actor, dto);
  }

  @Get('users')
  @ApiOperation({ summary: 'People of this centre with role and state; never anything they wrote' })
  list(@CurrentCentre() centre: ResolvedCentre, @Query() query: UserQueryDto): Promise<UserSummary[]> {
    return this.users.list(centre, query);
  }

  @Post('users/purge-unconfirmed')
  @HttpCode(200)
  @ApiOperation({ summary: 'Delete client registrations that have not been confirmed for a day' })
  purge(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() actor: Principal): Promise<{ deleted: number }> {
    return this.users.purgeUnconfirmed(centre, actor);
  }

  @Post('users/:userId/deactivate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Block a person; all their sessions end at once' })
  deactivate(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() actor: Principal, @Param('userId') userId: string): Promise<UserSummary> {
    return this.users.setActive(centre, actor, userId, false);
  }

  @Post('users/:userId/reactivate')
  @HttpCode(200)
  reactivate(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() actor: Principal, @Param('userId') userId: string): Promise<UserSummary> {
    return this.users.setActive(centre, actor, userId, true);
  }

  @Post('users/:userId/invitation')
  @HttpCode(204)
  @ApiNoContentResponse()
  resend(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() actor: Principal, @Param('userId') userId: string): Promise<void> {
    return this.users.resendInvitation(centre, actor, userId);
  }

  @Delete('users/:userId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a person with everything they wrote, irrecoverably' })
  @ApiNoContentResponse()
  remove(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() actor: Principal, @Param('userId') userId: string): Promise<void> {
    return this.users.remove(centre, actor, userId);
  }

  @Get('settings')
  settings(@CurrentCentre() centre: ResolvedCentre): Promise<CentreSettingsDto> {
    return this.users.settings(centre);
  }

  @Put('settings')
  @ApiOperation({ summary: 'Centre settings (e.g. two-factor login mandatory for staff)' })
  updateSettings(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() actor: Principal, @Body() dto: CentreSettingsDto): Promise<CentreSettingsDto> {
    return this.users.updateSettings(centre, actor, dto);
  }
}
