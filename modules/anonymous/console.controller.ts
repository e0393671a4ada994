import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { Authenticated, CurrentCentre, CurrentPrincipal, Feature, type Principal, type ResolvedCentre } from '#kernel';

import type { CounsellorChatView, DutyView } from './contracts.js';
import { DutyDto } from './dto.js';
import { LiveChatService } from './live-chat.service.js';

const COUNSELLOR = { roles: ['counsellor'] } as const;

/** The counsellor's console: open and close the live chat, see the queue, serve the chats. */
@ApiTags('anonymous')
@Feature('anonymous')
@Controller('api/v1/centres/:centre/anonymous/console')
export class ConsoleController {
  constructor(private readonly live: LiveChatService) {}

  @Authenticated(COUNSELLOR)
  @Get()
  @ApiOperation({ summary: 'My duty, the queue (while on duty) and my chats' })
  view(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() me: Principal): Promise<DutyView> {
    return this.live.console(centre, me);
  }

  @Authenticated(COUNSELLOR)
  @Put('duty')
  @ApiOperation({ summary: 'Staff the live chat until a time, with how many visitors at once (or stop)' })
  duty(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() me: Principal, @Body() dto: DutyDto): Promise<DutyView> {
    return this.live.setDuty(centre, me, dto);
  }

  @Authenticated(COUNSELLOR)
  @Get('chats/:chatId')
  chat(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() me: Principal, @Param('chatId') chatId: string): Promise<CounsellorChatView> {
    return this.live.counsellorChat(centre, me, chatId);
  }

  @Authenticated(COUNSELLOR)
  @Post('chats/:chatId/accept')
  @HttpCode(200)
  @ApiOperation({ summary: 'Take this visitor from the queue (also beyond the number I take at once)' })
  accept(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() me: Principal, @Param('chatId') chatId: string): Promise<CounsellorChatView> {
    return this.live.accept(centre, me, chatId);
  }

  @Authenticated(COUNSELLOR)
  @Post('chats/:chatId/offer')
  @HttpCode(200)
  @ApiOperation({ summary: 'Offer the visitor to register: the conversation then starts their case with me' })
  offer(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() me: Principal, @Param('chatId') chatId: string): Promise<CounsellorChatView> {
    return this.live.offer(centre, me, chatId);
  }

  @Authenticated(COUNSELLOR)
  @Post('chats/:chatId/block')
  @HttpCode(204)
  @ApiOperation({ summary: 'End the chat and block this visitor’s session here' })
  block(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() me: Principal, @Param('chatId') chatId: string): Promise<void> {
    return this.live.block(centre, me, chatId);
  }

  @Authenticated(COUNSELLOR)
  @Post('chats/:chatId/end')
  @HttpCode(204)
  @ApiOperation({ summary: 'End the chat: it is erased (unless the visitor registered from it)' })
  end(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() me: Principal, @Param('chatId') chatId: string): Promise<void> {
    return this.live.end(centre, me, chatId);
  }
}
