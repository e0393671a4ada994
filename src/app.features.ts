import type { FeatureDefinition } from './features/feature-definition.js';
import { anonymousFeature } from '../modules/anonymous/anonymous.feature.js';
import { chatFeature } from '../modules/chat/chat.feature.js';
import { documentsFeature } from '../modules/documents/documents.feature.js';
import { mailFeature } from '../modules/mail/mail.feature.js';
import { schedulingFeature } from '../modules/scheduling/scheduling.feature.js';
import { videoFeature } from '../modules/video/video.feature.js';

/**
 * The feature registry: the one place where the kernel learns which feature modules exist.
 * Adding a module is one folder in modules/ and one line here (and one in the Angular app's
 * registry, frontend/src/app/features/registry.ts).
 */
export const FEATURES: readonly FeatureDefinition[] = [mailFeature, chatFeature, documentsFeature, videoFeature, schedulingFeature, anonymousFeature];
