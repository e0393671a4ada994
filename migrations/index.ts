import { CreateKernel1795703400000 } from './1795703400000-CreateKernel.js';
import { AddAccountLifecycle1795710000000 } from './1795710000000-AddAccountLifecycle.js';

/** Every migration, oldest first. New migrations are appended here. */
export const MIGRATIONS = [CreateKernel1795703400000, AddAccountLifecycle1795710000000];
