/**
 * What may be logged of an error without risking personal data: its kind and codes, never its
 * message. Mail transports put the recipient's address into messages ("550 <anna@…>: rejected"),
 * database drivers the offending values.
 */
export function errorFields(error: unknown): { name: string; code?: string | number; responseCode?: number; command?: string } {
  if (!(error instanceof Error)) return { name: typeof error };
  const { code, responseCode, command } = error as { code?: unknown; responseCode?: unknown; command?: unknown };
  return {
    name: error.name,
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
    ...(typeof responseCode === 'number' ? { responseCode } : {}),
    ...(typeof command === 'string' ? { command } : {}),
  };
}
