import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';

import { CentreAsset } from './centre-asset.entity.js';
import { Centre } from './centre.entity.js';
import { CentreService } from './centre.service.js';
import { PublicCentreController } from './public-centre.controller.js';
import { FeatureGuard, TenantGuard } from './tenancy.guards.js';
import { PagePolicies } from './page-policy.js';

@Global()
@Module({
  imports: [DiscoveryModule, TypeOrmModule.forFeature([Centre, CentreAsset])],
  controllers: [PublicCentreController],
  providers: [CentreService, TenantGuard, FeatureGuard, PagePolicies],
  exports: [CentreService, TenantGuard, FeatureGuard, PagePolicies, TypeOrmModule],
})
export class TenancyModule {}
