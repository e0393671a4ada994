import { type DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { CentreKey } from './centre-key.entity.js';
import { CryptoService } from './crypto.service.js';
import { MasterKeyring } from './master-keyring.js';

@Global()
@Module({})
export class CryptoModule {
  static forRoot(keyring: MasterKeyring): DynamicModule {
    return {
      module: CryptoModule,
      imports: [TypeOrmModule.forFeature([CentreKey])],
      providers: [{ provide: MasterKeyring, useValue: keyring }, CryptoService],
      exports: [CryptoService, MasterKeyring],
    };
  }
}
