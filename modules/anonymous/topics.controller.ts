import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { Authenticated, CurrentCentre, CurrentPrincipal, Feature, type Principal, type ResolvedCentre } from '#kernel';

import type { TopicModerationView, TopicView } from './contracts.js';
import { TopicDto, UpdateTopicDto } from './dto.js';
import { TopicService } from './topics.service.js';

const STAFF = { roles: ['counsellor', 'admin'] } as const;
const HOST = { roles: ['counsellor'] } as const;

/** Topic chats: counsellors and the administration announce them; the host moderates. */
@ApiTags('anonymous')
@Feature('anonymous')
@Controller('api/v1/centres/:centre/anonymous/topics')
export class TopicsController {
  constructor(private readonly topics: TopicService) {}

  @Authenticated(STAFF)
  @Get()
  @ApiOperation({ summary: 'The centre’s topic chats, latest first' })
  list(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() me: Principal): Promise<TopicView[]> {
    return this.topics.list(centre, me);
  }

  @Authenticated(STAFF)
  @Post()
  @ApiOperation({ summary: 'Announce a topic chat (a counsellor hosts their own; the administration names the host)' })
  create(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() me: Principal, @Body() dto: TopicDto): Promise<TopicView> {
    return this.topics.create(centre, me, dto);
  }

  @Authenticated(STAFF)
  @Patch(':topicId')
  update(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() me: Principal, @Param('topicId') topicId: string, @Body() dto: UpdateTopicDto): Promise<TopicView> {
    return this.topics.update(centre, me, topicId, dto);
  }

  @Authenticated(STAFF)
  @Delete(':topicId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete the announcement with its history' })
  remove(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() me: Principal, @Param('topicId') topicId: string): Promise<void> {
    return this.topics.remove(centre, me, topicId);
  }

  @Authenticated(STAFF)
  @Post(':topicId/close')
  @ApiOperation({ summary: 'Close the room before its window ends' })
  close(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() me: Principal, @Param('topicId') topicId: string): Promise<TopicView> {
    return this.topics.close(centre, me, topicId);
  }

  @Authenticated(HOST)
  @Get(':topicId/moderation')
  @ApiOperation({ summary: 'The host’s view: lines and members' })
  moderation(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() me: Principal, @Param('topicId') topicId: string): Promise<TopicModerationView> {
    return this.topics.moderation(centre, me, topicId);
  }

  @Authenticated(HOST)
  @Delete(':topicId/lines/:lineId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a line, for everyone' })
  removeLine(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() me: Principal, @Param('topicId') topicId: string, @Param('lineId') lineId: string): Promise<void> {
    return this.topics.removeLine(centre, me, topicId, lineId);
  }

  @Authenticated(HOST)
  @Post(':topicId/members/:memberId/remove')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a visitor: they cannot come back into this topic chat with the same session' })
  removeMember(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() me: Principal, @Param('topicId') topicId: string, @Param('memberId') memberId: string): Promise<void> {
    return this.topics.removeMember(centre, me, topicId, memberId);
  }
}
