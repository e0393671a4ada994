import { Controller, Get, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { Authenticated, CurrentCentre, CurrentPrincipal, Feature, type Principal, type ResolvedCentre } from '#kernel';

import type { TranscriptView } from './contracts.js';
import { ConversionService } from './conversion.service.js';

/** A converted visitor's conversation, at the start of their case: for whoever reads the case. */
@ApiTags('anonymous')
@Feature('anonymous')
@Controller('api/v1/centres/:centre/anonymous/cases')
export class TranscriptsController {
  constructor(private readonly conversion: ConversionService) {}

  @Authenticated({ roles: ['client', 'counsellor'] })
  @Get(':caseId/transcripts')
  @ApiOperation({ summary: 'The anonymous chats this case began with' })
  transcripts(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() me: Principal, @Param('caseId') caseId: string): Promise<TranscriptView[]> {
    return this.conversion.transcripts(centre, me, caseId);
  }
}
