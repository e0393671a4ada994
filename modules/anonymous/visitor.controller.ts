import { Body, Controller, Get, HttpCode, Param, Patch, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { type AppRequest, Authenticated, CurrentCentre, CurrentPrincipal, Feature, invalid, NetworkTags, type Principal, Public, RegistrationDto, type ResolvedCentre } from '#kernel';

import { AnonymousPortal } from './anonymous-portal.js';
import type { AnonymousPublicInfo, TopicPublicView, TopicVisitorView, VisitorChatView, VisitorView } from './contracts.js';
import { ConversionService } from './conversion.service.js';
import { JoinTopicDto, PseudonymDto } from './dto.js';
import { containsLink } from './line-rules.js';
import { LiveChatService } from './live-chat.service.js';
import { TopicService } from './topics.service.js';
import { VisitorService } from './visitors.service.js';

const GUEST = { roles: ['guest'] } as const;

/**
 * Visitors: people in a guest session (one click, no account). What everyone may see is public;
 * the rest needs the guest session, whose visitor sees only their own chat.
 */
@ApiTags('anonymous')
@Feature('anonymous')
@Controller('api/v1/centres/:centre/anonymous')
export class VisitorController {
  constructor(
    private readonly portal: AnonymousPortal,
    private readonly live: LiveChatService,
    private readonly visitors: VisitorService,
    private readonly topics: TopicService,
    private readonly conversion: ConversionService,
    private readonly networks: NetworkTags,
  ) {}

  @Public()
  @Get('status')
  @ApiOperation({ summary: 'Whether the live chat is open, the emergency numbers, announced topic chats, the quick exit’s target' })
  status(@CurrentCentre() centre: ResolvedCentre): Promise<AnonymousPublicInfo> {
    return this.portal.contribute(centre);
  }

  @Public()
  @Get('topics/:topicId/public')
  @ApiOperation({ summary: 'A topic chat’s announcement (its stable public link)' })
  topic(@CurrentCentre() centre: ResolvedCentre, @Param('topicId') topicId: string): Promise<TopicPublicView> {
    return this.topics.publicOne(centre, topicId);
  }

  @Authenticated(GUEST)
  @Get('visitor')
  @ApiOperation({ summary: 'Who I am here (a pseudonym) and my live chat, if I have one' })
  me(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() guest: Principal): Promise<VisitorView> {
    return this.live.me(centre, guest);
  }

  @Authenticated(GUEST)
  @Patch('visitor')
  @ApiOperation({ summary: 'A pseudonym of my own choice' })
  async rename(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() guest: Principal, @Body() dto: PseudonymDto): Promise<VisitorView> {
    if (containsLink(dto.pseudonym)) throw invalid([{ field: 'pseudonym', code: 'field.noLinks' }]);
    await this.visitors.rename(centre, guest, dto.pseudonym);
    return this.live.me(centre, guest);
  }

  @Authenticated(GUEST)
  @Post('visitor/chat')
  @ApiOperation({ summary: 'Start my live chat (or get the one I have): I wait in the queue for the next free counsellor' })
  start(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() guest: Principal, @Req() req: AppRequest): Promise<VisitorChatView> {
    return this.live.start(centre, guest, this.networks.of(req.ip));
  }

  @Authenticated(GUEST)
  @Get('visitor/chat/:chatId')
  visitorChat(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() guest: Principal, @Param('chatId') chatId: string): Promise<VisitorChatView> {
    return this.live.visitorChat(centre, guest, chatId);
  }

  @Authenticated(GUEST)
  @Post('visitor/chat/:chatId/end')
  @HttpCode(204)
  @ApiOperation({ summary: 'End my chat: it is erased (unless I registered from it)' })
  end(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() guest: Principal, @Param('chatId') chatId: string): Promise<void> {
    return this.live.end(centre, guest, chatId);
  }

  @Authenticated(GUEST)
  @Post('visitor/chat/:chatId/registration')
  @HttpCode(202)
  @ApiOperation({ summary: 'Register from the chat the counsellor offered it in (double opt-in); once confirmed, the chat starts my case' })
  async register(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() guest: Principal, @Param('chatId') chatId: string, @Body() dto: RegistrationDto, @Req() req: AppRequest): Promise<{ accepted: true }> {
    await this.conversion.register(centre, guest, chatId, dto, this.networks.of(req.ip));
    return { accepted: true };
  }

  @Authenticated(GUEST)
  @Post('topics/:topicId/join')
  @ApiOperation({ summary: 'Join a topic chat during its window, under a nickname' })
  join(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() guest: Principal, @Param('topicId') topicId: string, @Body() dto: JoinTopicDto): Promise<TopicVisitorView> {
    return this.topics.join(centre, guest, topicId, dto.nickname);
  }

  @Authenticated(GUEST)
  @Get('topics/:topicId/visit')
  @ApiOperation({ summary: 'The topic chat as its member sees it' })
  visit(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() guest: Principal, @Param('topicId') topicId: string): Promise<TopicVisitorView> {
    return this.topics.visitorView(centre, guest, topicId);
  }

  @Authenticated(GUEST)
  @Post('topics/:topicId/leave')
  @HttpCode(204)
  leave(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() guest: Principal, @Param('topicId') topicId: string): Promise<void> {
    return this.topics.leave(centre, guest, topicId);
  }
}
