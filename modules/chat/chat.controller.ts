import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import {
  Authenticated,
  CasesService,
  CurrentCentre,
  CurrentPrincipal,
  DisplayNames,
  Feature,
  type Principal,
  type ResolvedCentre,
} from '#kernel';

import type { ChatMessageView, ChatRoomView } from './contracts.js';

import { ChatService } from './chat.service.js';
import { ChatMessageDto, CreateRoomDto, MessagePage, UpdateRoomDto } from './dto.js';

const PARTICIPANTS = { roles: ['counsellor', 'client'] } as const;
const COUNSELLOR = { roles: ['counsellor'] } as const;

@ApiTags('chat')
@Feature('chat')
@Controller('api/v1/centres/:centre/chat')
export class ChatController {
  constructor(
    private readonly chat: ChatService,
    private readonly cases: CasesService,
    private readonly names: DisplayNames,
  ) {}

  @Authenticated(PARTICIPANTS)
  @Get('rooms')
  @ApiOperation({ summary: 'My chat rooms, latest activity first, with unread counts' })
  rooms(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() principal: Principal): Promise<ChatRoomView[]> {
    return this.chat.rooms(centre, principal);
  }

  @Authenticated(COUNSELLOR)
  @Get('clients')
  @ApiOperation({ summary: 'The clients a counsellor may invite: those whose case they hold' })
  async clients(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() counsellor: Principal): Promise<{ id: string; name: string }[]> {
    const ids = await this.cases.ownClients(centre.id, counsellor.id);
    const names = await this.names.of(centre.id, ids);
    return ids.map((id) => ({ id, name: names.get(id) ?? '' })).sort((a, b) => a.name.localeCompare(b.name, 'de'));
  }

  @Authenticated(COUNSELLOR)
  @Post('rooms')
  @ApiOperation({ summary: 'Open a named room with some of my clients' })
  @ApiCreatedResponse()
  create(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() counsellor: Principal, @Body() dto: CreateRoomDto): Promise<ChatRoomView> {
    return this.chat.create(centre, counsellor, dto);
  }

  @Authenticated(PARTICIPANTS)
  @Get('rooms/:roomId')
  room(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() principal: Principal, @Param('roomId') roomId: string): Promise<ChatRoomView> {
    return this.chat.room(centre, principal, roomId);
  }

  @Authenticated(COUNSELLOR)
  @Patch('rooms/:roomId')
  @ApiOperation({ summary: 'Rename the room or change the agreed chat time (the room’s counsellor only)' })
  update(
    @CurrentCentre() centre: ResolvedCentre,
    @CurrentPrincipal() counsellor: Principal,
    @Param('roomId') roomId: string,
    @Body() dto: UpdateRoomDto,
  ): Promise<ChatRoomView> {
    return this.chat.update(centre, counsellor, roomId, dto);
  }

  @Authenticated(COUNSELLOR)
  @Delete('rooms/:roomId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete the room and its whole history, irrevocably (the room’s counsellor only)' })
  remove(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() counsellor: Principal, @Param('roomId') roomId: string): Promise<void> {
    return this.chat.remove(centre, counsellor, roomId);
  }

  @Authenticated(PARTICIPANTS)
  @Get('rooms/:roomId/messages')
  @ApiOperation({ summary: 'History, oldest first: the latest `limit`, those `before` an id, or those `after` one (catching up)' })
  messages(
    @CurrentCentre() centre: ResolvedCentre,
    @CurrentPrincipal() principal: Principal,
    @Param('roomId') roomId: string,
    @Query() page: MessagePage,
  ): Promise<ChatMessageView[]> {
    return this.chat.messages(centre, principal, roomId, page);
  }

  @Authenticated(PARTICIPANTS)
  @Post('rooms/:roomId/messages')
  @ApiOperation({ summary: 'Write a line (the socket event `chat.send` does the same)' })
  @ApiCreatedResponse()
  send(
    @CurrentCentre() centre: ResolvedCentre,
    @CurrentPrincipal() principal: Principal,
    @Param('roomId') roomId: string,
    @Body() dto: ChatMessageDto,
  ): Promise<ChatMessageView> {
    return this.chat.send(centre, principal, roomId, dto.text);
  }

  @Authenticated(PARTICIPANTS)
  @Post('rooms/:roomId/read')
  @HttpCode(200)
  read(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() principal: Principal, @Param('roomId') roomId: string): Promise<{ unread: number }> {
    return this.chat.markRead(centre, principal, roomId);
  }
}
