import type { FrontendFeature } from '../core/features/feature';
import * as announced from './announced';
import { anonymous } from './anonymous/feature';
import { chat } from './chat/feature';
import { documents } from './documents/feature';
import { mail } from './mail/feature';
import { scheduling } from './scheduling/feature';
import { video } from './video/feature';

/** The names of modules that are sold but not built here yet. */
export const ANNOUNCED = { texts: announced };

/**
 * The app's feature registry: the one place where the shell learns which features exist (their
 * parts are in each folder's feature.ts). Adding a module is one folder in features/ and one line
 * here (and one in src/app.features.ts, in the same order).
 */
export const FEATURES = [
  { key: 'mail', contactChannel: true, ...mail },
  { key: 'chat', contactChannel: true, ...chat },
  { key: 'documents', ...documents },
  { key: 'video', contactChannel: true, ...video },
  { key: 'scheduling', ...scheduling },
  { key: 'anonymous', ...anonymous },
] as const satisfies readonly FrontendFeature[];
