import { describe, expect, it } from 'vitest';

import { errorFields } from './error-fields.js';

describe('errorFields', () => {
  it('keeps kind and codes of a rejected recipient, not the address in the message', () => {
    const smtp = Object.assign(new Error("Can't send message - all recipients were rejected: 550 <anna@example.org>: Recipient address rejected"), {
      code: 'EENVELOPE',
      responseCode: 550,
      command: 'RCPT TO',
    });
    const fields = errorFields(smtp);
    expect(fields).toEqual({ name: 'Error', code: 'EENVELOPE', responseCode: 550, command: 'RCPT TO' });
    expect(JSON.stringify(fields)).not.toContain('anna');
    expect(errorFields('kaputt')).toEqual({ name: 'string' });
  });
});
