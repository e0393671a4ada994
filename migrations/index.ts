import { CreateKernel1795703400000 } from './1795703400000-CreateKernel.js';
import { AddAccountLifecycle1795710000000 } from './1795710000000-AddAccountLifecycle.js';
import { AddCases1795720000000 } from './1795720000000-AddCases.js';
import { AddMail1795720100000 } from './1795720100000-AddMail.js';
import { AddDocuments1795730000000 } from './1795730000000-AddDocuments.js';
import { AddChat1795740000000 } from './1795740000000-AddChat.js';

/** Every migration, oldest first. New migrations are appended here. */
export const MIGRATIONS = [CreateKernel1795703400000, AddAccountLifecycle1795710000000, AddCases1795720000000, AddMail1795720100000, AddDocuments1795730000000, AddChat1795740000000];
