import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { AvailabilityController } from './availability.controller.js';
import { AvailabilityService } from './availability.service.js';
import { BookingController } from './booking.controller.js';
import { BookingService } from './booking.service.js';
import { CrisisService } from './crisis.service.js';
import { SchedulingPersonalData } from './scheduling-personal-data.js';
import { SchedulingPortal } from './scheduling-portal.js';
import { SchedulingBlock, SchedulingBooking, SchedulingClient, SchedulingPhoto, SchedulingProfile, SchedulingWindow } from './scheduling.entities.js';
import { TeamController } from './team.controller.js';
import { TeamService } from './team.service.js';

/** Module `scheduling`: appointments, the team page, crisis contacts. */
@Module({
  imports: [TypeOrmModule.forFeature([SchedulingProfile, SchedulingPhoto, SchedulingWindow, SchedulingBlock, SchedulingBooking, SchedulingClient])],
  controllers: [AvailabilityController, BookingController, TeamController],
  providers: [AvailabilityService, BookingService, TeamService, CrisisService, SchedulingPersonalData, SchedulingPortal],
})
export class SchedulingModule {}
