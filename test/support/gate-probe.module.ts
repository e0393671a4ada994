import { Controller, Get, Module } from '@nestjs/common';
import { SubscribeMessage } from '@nestjs/websockets';

import { Authenticated, Public } from '../../src/identity/auth/auth.decorators.js';
import { defineFeature } from '../../src/features/feature-definition.js';
import { FeatureGateway } from '../../src/realtime/feature-gateway.decorator.js';
import { Feature } from '../../src/tenancy/feature.decorator.js';

/** A stand-in feature controller to test the licence gate itself, independent of any feature. */
@Feature('probe')
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

/** …and a stand-in gateway, for the socket side of the same gate. */
@FeatureGateway('probe')
class GateProbeGateway {
  @SubscribeMessage('probe.ping')
  @Authenticated({ roles: ['counsellor'] })
  ping() {
    return { ok: true, answered: true };
  }
}

@Module({ controllers: [GateProbeController], providers: [GateProbeGateway] })
class GateProbeModule {}

/** Installed beside the registry's features in the tests that need it. */
export const gateProbeFeature = defineFeature({ key: 'probe', module: GateProbeModule });
