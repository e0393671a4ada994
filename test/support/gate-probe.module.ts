import { Controller, Get, Module } from '@nestjs/common';

import { Authenticated, Public } from '../../src/identity/auth/auth.decorators.js';
import { Feature } from '../../src/tenancy/feature.decorator.js';

/** A stand-in feature controller to test the licence gate itself, independent of any feature. */
@Feature('video')
@Controller('api/v1/centres/:centre/gate-probe')
class GateProbeController {
  @Public()
  @Get('open')
  open() {
    return { answered: true };
  }

  @Authenticated({ roles: ['counsellor'] })
  @Get('closed')
  closed() {
    return { answered: true };
  }
}

@Module({ controllers: [GateProbeController] })
export class GateProbeModule {}
