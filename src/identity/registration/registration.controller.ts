import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiConflictResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import type { ResolvedCentre } from '../../common/request.js';
import { CurrentCentre, LoginRoute, Public } from '../auth/auth.decorators.js';
import { PasswordResetDto, PasswordResetRequestDto, RegistrationDto, TokenDto } from './dto.js';
import { RegistrationService } from './registration.service.js';

@ApiTags('registration')
@Controller('api/v1/centres/:centre')
export class RegistrationController {
  constructor(private readonly registration: RegistrationService) {}

  @Public()
  @LoginRoute()
  @Post('registrations')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Client self-registration (double opt-in)',
    description: 'Always 202 for a valid request: whether the address is registered is never revealed. A confirmation link goes by e-mail.',
  })
  @ApiAcceptedResponse()
  @ApiConflictResponse({ description: 'The username is taken' })
  async register(@CurrentCentre() centre: ResolvedCentre, @Body() dto: RegistrationDto): Promise<{ accepted: true }> {
    await this.registration.register(centre, dto);
    return { accepted: true };
  }

  @Public()
  @Post('registrations/confirm')
  @HttpCode(200)
  @ApiOperation({ summary: 'Confirm the e-mail address with the token from the link' })
  @ApiOkResponse()
  async confirm(@CurrentCentre() centre: ResolvedCentre, @Body() dto: TokenDto): Promise<{ confirmed: true }> {
    await this.registration.confirm(centre, dto.token);
    return { confirmed: true };
  }

  @Public()
  @LoginRoute()
  @Post('password-reset')
  @HttpCode(202)
  @ApiOperation({ summary: 'Ask for a password reset link; the same answer whether or not the address exists' })
  @ApiAcceptedResponse()
  requestReset(@CurrentCentre() centre: ResolvedCentre, @Body() dto: PasswordResetRequestDto): { accepted: true } {
    this.registration.requestPasswordReset(centre, dto.email);
    return { accepted: true };
  }

  @Public()
  @Post('password-reset/confirm')
  @HttpCode(200)
  @ApiOperation({ summary: 'Set a new password with the token from the link; ends every session' })
  async reset(@CurrentCentre() centre: ResolvedCentre, @Body() dto: PasswordResetDto): Promise<{ reset: true }> {
    await this.registration.resetPassword(centre, dto);
    return { reset: true };
  }
}
