import type { INestApplicationContext } from '@nestjs/common';

import type { AppConfig } from '../config/app-config.js';
import { OperatorService } from '../identity/operator/operator.service.js';
import { type DemoLogin, seedDemo } from './demo-seed.js';

/** What every start does after migrations: the configured operator, and the demo in dev. */
export async function runStartupTasks(app: INestApplicationContext, config: AppConfig): Promise<{ demo: DemoLogin[] }> {
  if (config.operatorEmail && config.operatorPassword) {
    await app.get(OperatorService).ensure(config.operatorEmail, config.operatorPassword);
  }
  const demo = config.seedDemo ? await seedDemo(app, config) : [];
  return { demo };
}
