import { type DynamicModule, Module } from '@nestjs/common';

import type { AppConfig } from '../config/app-config.js';
import { PlatformController } from './platform.controller.js';
import { PlatformService } from './platform.service.js';
import { DEFAULT_PRICE_LIST } from '../app.pricing.js';
import { loadPriceList, PriceList } from './pricing.js';

@Module({})
export class PlatformModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: PlatformModule,
      controllers: [PlatformController],
      providers: [PlatformService, { provide: PriceList, useValue: loadPriceList(config.pricingFile, DEFAULT_PRICE_LIST) }],
    };
  }
}
