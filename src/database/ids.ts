import { v7 } from 'uuid';

/** Time-ordered UUIDs (v7): generated in the app so a row's id is known before it is sealed. */
export function newId(): string {
  return v7();
}
