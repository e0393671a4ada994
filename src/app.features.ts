import type { DynamicModule, Type } from '@nestjs/common';

import { ChatModule } from '../modules/chat/chat.module.js';
import { DocumentsModule } from '../modules/documents/documents.module.js';
import { MailModule } from '../modules/mail/mail.module.js';

/**
 * The feature registry: the one place where the kernel learns which feature modules exist.
 * Each entry lives in modules/<key>/ and declares its key with @Feature on its controllers.
 */
export const FEATURE_MODULES: (Type | DynamicModule)[] = [MailModule, DocumentsModule, ChatModule];
