import { Controller, Get, Header, Headers, Param, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';

import { notFound } from '../common/domain-error.js';
import type { ResolvedCentre } from '../common/request.js';
import type { PublicCentre } from '../contracts/centre.js';
import { AllowSuspended, CurrentCentre, Public } from '../identity/auth/auth.decorators.js';
import { ASSET_KINDS } from './centre-asset.entity.js';
import { CentreService } from './centre.service.js';

@ApiTags('portal')
@Controller('api/v1/centres/:centre')
export class PublicCentreController {
  constructor(private readonly centres: CentreService) {}

  @Public()
  @AllowSuspended()
  @Get()
  @Header('Cache-Control', 'no-cache')
  @ApiOperation({ summary: 'Public portal info: name, branding, licensed modules and what each adds (features)' })
  @ApiOkResponse({ description: 'The portal info' })
  info(@CurrentCentre() centre: ResolvedCentre): Promise<PublicCentre> {
    return this.centres.publicInfo(centre, '/api/v1');
  }

  @Public()
  @Get('branding/:kind')
  @ApiOperation({ summary: 'The centre logo or portal image' })
  async asset(
    @CurrentCentre() centre: ResolvedCentre,
    @Param('kind') kind: string,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    if (!(ASSET_KINDS as readonly string[]).includes(kind)) throw notFound();
    const asset = await this.centres.asset(centre.id, kind);
    if (!asset) throw notFound();
    const etag = `"${asset.etag}"`;
    res.setHeader('ETag', etag);
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if (ifNoneMatch === etag) {
      res.status(304).end();
      return;
    }
    res.type(asset.mimeType).send(asset.data);
  }
}
