import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseEnumPipe,
  Patch,
  Post,
  Put,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';

import { actorOf } from '../audit/audit.service.js';
import type { Principal } from '../common/request.js';
import type { PlatformCentre } from '../contracts/centre.js';
import type { FeatureInfo } from '../contracts/modules.js';
import { Authenticated, CurrentPrincipal } from '../identity/auth/auth.decorators.js';
import { ASSET_KINDS, type AssetKind } from '../tenancy/centre-asset.entity.js';
import { CreateCentreDto, UpdateCentreDto } from './dto.js';
import { MAX_ASSET_BYTES, PlatformService } from './platform.service.js';
import type { PriceList } from './pricing.js';

const OPERATOR = { roles: ['operator'] } as const;

@ApiTags('platform')
@Authenticated(OPERATOR)
@Controller('api/v1/platform')
export class PlatformController {
  constructor(private readonly platform: PlatformService) {}

  @Get('pricing')
  @ApiOperation({ summary: 'The configured price list' })
  pricing(): PriceList {
    return this.platform.priceList();
  }

  @Get('modules')
  @ApiOperation({ summary: 'The installed feature modules a centre can license, and what each needs' })
  modules(): FeatureInfo[] {
    return this.platform.modules();
  }

  @Get('centres')
  @ApiOperation({ summary: 'All centres with modules, tier and fees; no personal data' })
  list(): Promise<PlatformCentre[]> {
    return this.platform.list();
  }

  @Post('centres')
  @ApiOperation({ summary: 'Create a centre; its first admin gets an invitation e-mail' })
  @ApiCreatedResponse()
  @ApiConflictResponse({ description: 'The slug is taken' })
  create(@CurrentPrincipal() principal: Principal, @Body() dto: CreateCentreDto): Promise<PlatformCentre> {
    return this.platform.create(actorOf(principal), dto);
  }

  @Get('centres/:slug')
  get(@Param('slug') slug: string): Promise<PlatformCentre> {
    return this.platform.get(slug);
  }

  @Patch('centres/:slug')
  @ApiOperation({ summary: 'Rename, switch modules, suspend or reactivate, edit imprint and privacy text' })
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('slug') slug: string,
    @Body() dto: UpdateCentreDto,
  ): Promise<PlatformCentre> {
    return this.platform.update(actorOf(principal), slug, dto);
  }

  @Delete('centres/:slug')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a centre with all its data (its data key is destroyed first)' })
  @ApiNoContentResponse()
  remove(@CurrentPrincipal() principal: Principal, @Param('slug') slug: string): Promise<void> {
    return this.platform.remove(actorOf(principal), slug);
  }

  @Post('centres/:slug/invitations/resend')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send the invitation again to admins who have not accepted it yet' })
  resend(@CurrentPrincipal() principal: Principal, @Param('slug') slug: string): Promise<{ sent: number }> {
    return this.platform.resendInvitations(actorOf(principal), slug);
  }

  @Put('centres/:slug/branding/:kind')
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_ASSET_BYTES, files: 1, fields: 0 } }))
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiOperation({ summary: 'Upload the logo or portal image (PNG, JPEG or WebP, at most 1 MB)' })
  putAsset(
    @CurrentPrincipal() principal: Principal,
    @Param('slug') slug: string,
    @Param('kind', new ParseEnumPipe(ASSET_KINDS)) kind: AssetKind,
    @UploadedFile() file: { buffer: Buffer } | undefined,
  ): Promise<PlatformCentre> {
    return this.platform.putAsset(actorOf(principal), slug, kind, file?.buffer);
  }

  @Delete('centres/:slug/branding/:kind')
  @HttpCode(204)
  deleteAsset(
    @CurrentPrincipal() principal: Principal,
    @Param('slug') slug: string,
    @Param('kind', new ParseEnumPipe(ASSET_KINDS)) kind: AssetKind,
  ): Promise<void> {
    return this.platform.deleteAsset(actorOf(principal), slug, kind);
  }
}
