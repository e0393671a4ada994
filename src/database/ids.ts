import { v7 } from 'uuid';

/** Time-ordered UUIDs (v7): generated in the app so a row's id is known before it is sealed. */
export function newId(): string {
  return v7();
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether an id from a URL or a message can be one of ours; anything else is "not found" at once. */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
