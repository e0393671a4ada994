import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { Authenticated, CurrentCentre, CurrentPrincipal, Feature, type Principal, type ResolvedCentre } from '#kernel';

import type { BookingView, SlotView } from './contracts.js';
import { BookingService } from './booking.service.js';
import { BookingDto, BookingsQuery, MoveDto, SlotsQuery } from './dto.js';

const PEOPLE = { roles: ['client', 'counsellor'] } as const;
const CLIENT = { roles: ['client'] } as const;

@ApiTags('scheduling')
@Feature('scheduling')
@Controller('api/v1/centres/:centre/scheduling')
export class BookingController {
  constructor(private readonly bookings: BookingService) {}

  @Authenticated(PEOPLE)
  @Get('slots')
  @ApiOperation({ summary: 'Free slots: a client’s counsellor’s, or every counsellor’s before they are assigned; a counsellor’s own' })
  slots(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() me: Principal, @Query() query: SlotsQuery): Promise<SlotView[]> {
    return this.bookings.slots(centre, me, query);
  }

  @Authenticated(PEOPLE)
  @Get('bookings')
  @ApiOperation({ summary: 'My appointments: upcoming, or past and cancelled' })
  list(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() me: Principal, @Query() query: BookingsQuery): Promise<BookingView[]> {
    return this.bookings.list(centre, me, query);
  }

  @Authenticated(PEOPLE)
  @Get('bookings/:bookingId')
  booking(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() me: Principal, @Param('bookingId') id: string): Promise<BookingView> {
    return this.bookings.booking(centre, me, id);
  }

  @Authenticated(CLIENT)
  @Post('bookings')
  @ApiOperation({ summary: 'Book a free slot with one of its contact types (409 when someone was quicker)' })
  @ApiCreatedResponse()
  book(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() me: Principal, @Body() dto: BookingDto): Promise<BookingView> {
    return this.bookings.book(centre, me, dto);
  }

  @Authenticated(CLIENT)
  @Patch('bookings/:bookingId')
  @ApiOperation({ summary: 'Move my appointment to another free slot of the same counsellor' })
  move(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() me: Principal, @Param('bookingId') id: string, @Body() dto: MoveDto): Promise<BookingView> {
    return this.bookings.move(centre, me, id, dto);
  }

  @Authenticated(PEOPLE)
  @Delete('bookings/:bookingId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Cancel an appointment (either side); the other is told and the slot is free again' })
  cancel(@CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() me: Principal, @Param('bookingId') id: string): Promise<void> {
    return this.bookings.cancel(centre, me, id);
  }
}
