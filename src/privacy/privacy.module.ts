import { Global, Module } from '@nestjs/common';

import { PersonalDataRegistry } from './personal-data.port.js';

@Global()
@Module({
  providers: [PersonalDataRegistry],
  exports: [PersonalDataRegistry],
})
export class PrivacyModule {}
