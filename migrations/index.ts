import { CreateKernel1795703400000 } from './1795703400000-CreateKernel.js';

/** Every migration, oldest first. New migrations are appended here. */
export const MIGRATIONS = [CreateKernel1795703400000];
