import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import {
  Authenticated,
  CurrentCentre,
  CurrentPrincipal,
  Feature,
  PageQuery,
  type Principal,
  type ResolvedCentre,
} from '#kernel';

import type { MailMessageView } from './contracts.js';

import { EnquiryDto, MessageDto, NoteDto } from './dto.js';
import { MailService } from './mail.service.js';

const PARTICIPANTS = { roles: ['counsellor', 'client'] } as const;

@ApiTags('mail')
@Feature('mail')
@Controller('api/v1/centres/:centre')
export class MailController {
  constructor(private readonly mail: MailService) {}

  @Authenticated({ roles: ['client'] })
  @Post('enquiries')
  @ApiOperation({ summary: 'A client writes their enquiry; the admin (or their counsellor) is told, without the text' })
  @ApiCreatedResponse()
  @ApiConflictResponse({ description: 'ENQUIRY_EXISTS: write in the existing thread instead' })
  enquiry(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() client: Principal, @Body() dto: EnquiryDto): Promise<{ caseId: string }> {
    return this.mail.enquiry(centre, client, dto);
  }

  @Authenticated(PARTICIPANTS)
  @Get('cases/:caseId/messages')
  @ApiOperation({ summary: 'The thread, oldest first (the latest `limit`, or those before `before`); a counsellor sees only their own periods' })
  messages(
    @CurrentCentre() centre: ResolvedCentre,
    @CurrentPrincipal() principal: Principal,
    @Param('caseId') caseId: string,
    @Query() page: PageQuery,
  ): Promise<MailMessageView[]> {
    return this.mail.messages(centre, principal, caseId, page);
  }

  @Authenticated(PARTICIPANTS)
  @Post('cases/:caseId/messages')
  @ApiCreatedResponse()
  post(
    @CurrentCentre() centre: ResolvedCentre,
    @CurrentPrincipal() principal: Principal,
    @Param('caseId') caseId: string,
    @Body() dto: MessageDto,
  ): Promise<MailMessageView> {
    return this.mail.post(centre, principal, caseId, dto.text);
  }

  @Authenticated(PARTICIPANTS)
  @Post('cases/:caseId/read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark the thread as read' })
  read(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() principal: Principal, @Param('caseId') caseId: string): Promise<{ unread: number }> {
    return this.mail.markRead(centre, principal, caseId);
  }

  @Authenticated({ roles: ['admin'] })
  @Post('cases/:caseId/notices')
  @ApiOperation({ summary: 'A general notice from the administration, before assignment or while the counsellor is away' })
  @ApiCreatedResponse()
  notice(
    @CurrentCentre() centre: ResolvedCentre,
    @CurrentPrincipal() admin: Principal,
    @Param('caseId') caseId: string,
    @Body() dto: MessageDto,
  ): Promise<{ id: string }> {
    return this.mail.notice(centre, admin, caseId, dto.text);
  }

  @Authenticated({ roles: ['counsellor'] })
  @Get('cases/:caseId/note')
  @ApiOperation({ summary: 'My own notes on this case' })
  note(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() counsellor: Principal, @Param('caseId') caseId: string) {
    return this.mail.note(centre, counsellor, caseId);
  }

  @Authenticated({ roles: ['counsellor'] })
  @Put('cases/:caseId/note')
  saveNote(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() counsellor: Principal, @Param('caseId') caseId: string, @Body() dto: NoteDto) {
    return this.mail.saveNote(centre, counsellor, caseId, dto.text);
  }
}
