import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';

import { PersonalDataRegistry } from './personal-data.port.js';

@Global()
@Module({
  imports: [DiscoveryModule],
  providers: [PersonalDataRegistry],
  exports: [PersonalDataRegistry],
})
export class PrivacyModule {}
