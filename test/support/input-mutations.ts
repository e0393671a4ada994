/**
 * Invalid inputs built from an OpenAPI document: for a JSON body schema, for query parameters, for
 * any route that parses JSON, and for the raw and multipart uploads. Every mutation is invalid by
 * construction (never "a valid body with something odd"), so the only right answer is a 4xx that
 * changes nothing; each says which statuses are right and, where it can, which field the problem
 * must name.
 */

export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  nullable?: boolean;
  maxLength?: number;
  minLength?: number;
  maxItems?: number;
  minItems?: number;
  uniqueItems?: boolean;
  minimum?: number;
  maximum?: number;
  example?: unknown;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

export interface Operation {
  requestBody?: { required?: boolean; content: Record<string, { schema: Schema }> };
  parameters?: { name: string; in: string; required?: boolean; schema?: Schema }[];
}

export interface Mutation {
  /** What was done, for the report. */
  name: string;
  body?: string | Uint8Array | FormData;
  /** The raw query string (without `?`), for query mutations. */
  query?: string;
  headers?: Record<string, string>;
  /** The answers that are right. */
  statuses: number[];
  /** The problem code it must carry, if one is certain. */
  code?: string;
  /** A field the problem's errors must name. */
  field?: string;
}

const JSON_TYPE = { 'content-type': 'application/json' };
const DEPTH = 10_000;
const deepArray = (inner = '0') => '['.repeat(DEPTH) + inner + ']'.repeat(DEPTH);
const deepObject = () => '{"a":'.repeat(DEPTH) + '0' + '}'.repeat(DEPTH);
/** Bytes that are not UTF-8: a truncated sequence, 0xFF, an encoded surrogate (CESU-8), an overlong NUL. */
const BAD_UTF8 = [Buffer.from([0xc3, 0x28]), Buffer.from([0xff]), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from([0xc0, 0x80])];
/** Texts no field takes: lone surrogates (high, low), NUL, ESC, DEL, a C1 control. */
export const BAD_TEXTS = ['Fuzz\ud800', '\udc00Fuzz', 'Fu\u0000zz', 'Fu\u001bzz', 'Fu\u007fzz', 'Fu\u0085zz'];
export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype'];

export function resolve(doc: OpenApiDocument, schema: Schema): Schema {
  if (!schema.$ref) return schema;
  const name = schema.$ref.replace('#/components/schemas/', '');
  const found = doc.components.schemas[name];
  if (!found) throw new Error(`unresolved ${schema.$ref}`);
  return resolve(doc, found);
}

/** A plausible value for a property (the other properties of a mutated body carry these). */
export function sample(doc: OpenApiDocument, schema: Schema, name = ''): unknown {
  const s = resolve(doc, schema);
  if (s.enum?.length) return s.enum[0];
  switch (s.type ?? 'string') {
    case 'boolean':
      return true;
    case 'integer':
    case 'number':
      return s.minimum ?? 1;
    case 'array': {
      const items = s.items ? resolve(doc, s.items) : undefined;
      if (!items) return [];
      // Distinct items, as many as the list needs at least.
      return Array.from({ length: Math.max(s.minItems ?? 1, 1) }, (_, i) =>
        items.format === 'uuid' ? `01a2184c-0000-7000-8000-${String(i).padStart(12, '0')}` : sample(doc, items, name),
      );
    }
    case 'object':
      return Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, sample(doc, v, k)]));
    default: {
      if (s.format === 'password') return 'Fuzz-Passwort-2024-Wald';
      if (s.format === 'uuid') return '01a2184c-0000-7000-8000-000000000000';
      if (s.format === 'email' || /mail/i.test(name)) return 'fuzz@example.org';
      if (typeof s.example === 'string') return s.example;
      return 'Fuzz'.padEnd(Math.min(s.minLength ?? 4, s.maxLength ?? 4), 'z');
    }
  }
}

/** Values of the wrong JSON type for a property. */
function wrongTypes(s: Schema): unknown[] {
  switch (s.type ?? 'string') {
    case 'boolean':
      return ['true', 1, {}, []];
    case 'integer':
    case 'number':
      return ['1', true, {}, []];
    case 'array':
      return ['Fuzz', {}, [42], [null], [{}], [['Fuzz']]];
    case 'object':
      return ['Fuzz', 42, []];
    default:
      return [42, true, {}, ['Fuzz']];
  }
}

/** A JSON object text with a key put first, whatever the key (also `__proto__`). */
function withKey(base: Record<string, unknown>, key: string, valueJson: string): string {
  const rest = JSON.stringify(base).slice(1);
  return `{${JSON.stringify(key)}:${valueJson}${rest === '}' ? '}' : `,${rest}`}`;
}

/**
 * Mutations any route that parses JSON must refuse in its body parser, before guards, pipes or
 * handlers: deep nesting, bytes that are not UTF-8, another charset, malformed JSON, a body over
 * the limit. `key` is a property the body would have, to see the depth error name it.
 */
export function parserMutations(key = 'fuzz'): Mutation[] {
  const k = JSON.stringify(key);
  return [
    { name: `${DEPTH} nested arrays under ${key}`, body: `{${k}:${deepArray()}}`, headers: JSON_TYPE, statuses: [400], code: 'BODY_TOO_DEEP', field: key },
    { name: `${DEPTH} nested objects under ${key}`, body: `{${k}:${deepObject()}}`, headers: JSON_TYPE, statuses: [400], code: 'BODY_TOO_DEEP', field: key },
    { name: `${DEPTH} nested arrays as the body`, body: deepArray(), headers: JSON_TYPE, statuses: [400], code: 'BODY_TOO_DEEP' },
    { name: `${DEPTH} nested arrays with a string inside`, body: deepArray('"x"'), headers: JSON_TYPE, statuses: [400], code: 'BODY_TOO_DEEP' },
    ...BAD_UTF8.map((bytes) => ({
      name: `invalid UTF-8 ${bytes.toString('hex')} in ${key}`,
      body: new Uint8Array(Buffer.concat([Buffer.from(`{${k}:"Fuzz`), bytes, Buffer.from('"}')])),
      headers: JSON_TYPE,
      statuses: [400],
      code: 'BODY_ENCODING',
    })),
    { name: 'charset utf-16le', body: `{${k}:"Fuzz"}`, headers: { 'content-type': 'application/json; charset=utf-16le' }, statuses: [415] },
    { name: 'malformed JSON', body: `{${k}:`, headers: JSON_TYPE, statuses: [400] },
    { name: 'a bare string as the body', body: '"Fuzz"', headers: JSON_TYPE, statuses: [400] },
    { name: 'a 2 MB body', body: `{${k}:"${'x'.repeat(2 * 1024 * 1024)}"}`, headers: JSON_TYPE, statuses: [413] },
  ];
}

/** Mutations of a JSON body for a DTO schema: per property and for the body as a whole. */
export function bodyMutations(doc: OpenApiDocument, bodySchema: Schema): Mutation[] {
  const schema = resolve(doc, bodySchema);
  const properties = Object.entries(schema.properties ?? {});
  const required = new Set(schema.required ?? []);
  const base = Object.fromEntries(properties.map(([k, v]) => [k, sample(doc, v, k)]));
  const first = properties[0]?.[0] ?? 'fuzz';
  const out: Mutation[] = [...parserMutations(first)];
  const json = (value: Record<string, unknown>) => JSON.stringify(value);
  const set = (key: string, value: unknown) => json({ ...base, [key]: value });
  const refuse = (name: string, body: string, field?: string, code?: string): Mutation => ({ name, body, headers: JSON_TYPE, statuses: [400], field, code });

  out.push(refuse('an empty list as the body', '[]', ''), refuse('the body inside a list', `[${json(base)}]`, ''));
  out.push(refuse('null as the body', 'null'), refuse('a number as the body', '42'));
  out.push(refuse('an unknown field', set('fuzzUnknown', 1), 'fuzzUnknown'));
  for (const key of PROTOTYPE_KEYS) {
    out.push(refuse(`${key} as a field`, withKey(base, key, '{"polluted":true}'), key));
    out.push(refuse(`${key} with a prototype inside`, withKey(base, key, '{"prototype":{"polluted":true}}'), key));
  }
  const firstString = properties.find(([, v]) => resolve(doc, v).type === 'string')?.[0];
  if (firstString) out.push({ name: `a 2 MB string in ${firstString}`, body: set(firstString, 'x'.repeat(2 * 1024 * 1024)), headers: JSON_TYPE, statuses: [413] });

  for (const [key, raw] of properties) {
    const s = resolve(doc, raw);
    if (!s.nullable) out.push(refuse(`${key}: null`, set(key, null), key));
    if (required.has(key)) {
      const rest: Record<string, unknown> = { ...base };
      delete rest[key];
      out.push(refuse(`${key} missing`, json(rest), key));
    }
    for (const value of wrongTypes(s)) out.push(refuse(`${key}: ${JSON.stringify(value)}`, set(key, value), key));
    out.push(refuse(`${key}: 100,000 elements`, set(key, new Array(100_000).fill(0)), key));
    const texts = s.type === 'string' ? (v: string) => v : s.type === 'array' && resolve(doc, s.items ?? {}).type === 'string' ? (v: string) => [v] : undefined;
    if (texts) {
      for (const text of BAD_TEXTS) out.push(refuse(`${key}: ${JSON.stringify(text)}`, set(key, texts(text)), key, 'VALIDATION_FAILED'));
      out.push(refuse(`${key}: a key with a lone surrogate`, set(key, s.type === 'array' ? [{ ['\ud800']: 1 }] : { ['\ud800']: 1 }), key));
    }
    if (s.type === 'array') {
      const items = resolve(doc, s.items ?? {});
      const item = (i: number) => (items.format === 'uuid' ? `01a2184c-0000-7000-8000-${String(i).padStart(12, '0')}` : `${String(sample(doc, items, key))}${i}`);
      if (s.maxItems !== undefined) out.push(refuse(`${key}: ${s.maxItems + 1} items`, set(key, Array.from({ length: s.maxItems + 1 }, (_, i) => item(i))), key));
      if (s.minItems !== undefined && s.minItems > 0) out.push(refuse(`${key}: ${s.minItems - 1} items`, set(key, Array.from({ length: s.minItems - 1 }, (_, i) => item(i))), key));
      if (s.uniqueItems) out.push(refuse(`${key}: the same item twice`, set(key, [item(0), item(0)]), key));
      if (items.format === 'uuid' || items.format === 'email') out.push(refuse(`${key}: an item that is not a${items.format === 'email' ? 'n e-mail address' : ' uuid'}`, set(key, ['Fuzz']), key));
    }
    if (s.type === 'string') {
      if (s.enum) out.push(refuse(`${key}: not one of its values`, set(key, 'zz-fuzz'), key));
      if (s.maxLength !== undefined && s.maxLength < 200_000) out.push(refuse(`${key}: ${s.maxLength + 1} characters`, set(key, 'x'.repeat(s.maxLength + 1)), key));
      if (s.minLength !== undefined && s.minLength > 1) out.push(refuse(`${key}: ${s.minLength - 1} characters`, set(key, 'x'.repeat(s.minLength - 1)), key));
      if (s.format === 'email' || s.format === 'uuid') out.push(refuse(`${key}: not a${s.format === 'email' ? 'n e-mail address' : ' uuid'}`, set(key, 'Fuzz'), key));
    }
  }
  return out;
}

/** Mutations of a query: unknown and prototype keys, wrong values, controls, bad encoding, repetition, length. */
export function queryMutations(doc: OpenApiDocument, parameters: NonNullable<Operation['parameters']>): Mutation[] {
  const params = parameters.filter((p) => p.in === 'query');
  const requiredPart = params
    .filter((p) => p.required)
    .map((p) => `${encodeURIComponent(p.name)}=${encodeURIComponent(String(sample(doc, p.schema ?? {}, p.name)))}`);
  const query = (...parts: string[]) => [...requiredPart, ...parts].join('&');
  const refuse = (name: string, q: string, field?: string, code?: string): Mutation => ({ name, query: q, statuses: [400], field, code });
  const out: Mutation[] = [refuse('an unknown parameter', query('fuzzUnknown=1'), 'fuzzUnknown')];
  for (const key of PROTOTYPE_KEYS) out.push(refuse(`${key} as a parameter`, query(`${key}=1`), key));
  for (const param of params) {
    const s = resolve(doc, param.schema ?? {});
    const name = encodeURIComponent(param.name);
    const valid = encodeURIComponent(String(sample(doc, s, param.name)));
    if (s.enum) out.push(refuse(`${param.name} not one of its values`, query(`${name}=zz-fuzz`), param.name));
    if (s.type === 'integer' || s.type === 'number') {
      for (const value of ['abc', '1.5', '1e999', ...(s.maximum !== undefined ? [String(s.maximum + 1)] : []), ...(s.minimum !== undefined ? [String(s.minimum - 1)] : [])]) {
        out.push(refuse(`${param.name}=${value}`, query(`${name}=${value}`), param.name));
      }
    }
    if (s.type === 'boolean') out.push(refuse(`${param.name}=yes`, query(`${name}=yes`), param.name));
    if (s.format === 'uuid') out.push(refuse(`${param.name} not a uuid`, query(`${name}=Fuzz`), param.name));
    if (s.format === 'uuid' || s.type === 'integer' || s.type === 'boolean' || s.enum) out.push(refuse(`${param.name} twice`, query(`${name}=${valid}`, `${name}=${valid}`), param.name));
    for (const control of ['%00', '%1B', '%7F', '%C2%85']) out.push(refuse(`${param.name} with ${control}`, query(`${name}=Fu${control}zz`), param.name, 'VALIDATION_FAILED'));
    for (const bytes of ['%ED%A0%80', '%FF', '%C0%80', '%E2%82']) out.push(refuse(`${param.name} with ${bytes}`, query(`${name}=${bytes}`), undefined, 'QUERY_ENCODING'));
    out.push(refuse(`${param.name}[a][b] (no nesting)`, query(`${name}%5Ba%5D%5Bb%5D=1`)));
    out.push({ name: `${param.name} of 20,000 characters`, query: query(`${name}=${'x'.repeat(20_000)}`), statuses: [400, 414, 431] });
  }
  return out;
}

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4540000000049454e44ae426082', 'hex');

/**
 * Mutations of a body that is not JSON, by its content type. The document upload takes the raw
 * PDF with its name in `X-File-Name`; the branding upload one image in the multipart field `file`.
 * Another content type has no mutations yet: the fuzz test fails until it gets some here.
 */
export function rawMutations(contentType: string, bodySchema: Schema): Mutation[] | undefined {
  const refused = [400, 413, 415, 422];
  if (contentType === 'application/pdf') {
    const pdf = { 'content-type': 'application/pdf' };
    const named = (name: string) => ({ ...pdf, 'x-file-name': name });
    const damaged = new Uint8Array(Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n'));
    return [
      ...parserMutations(),
      { name: 'an empty body', body: new Uint8Array(0), headers: named('leer.pdf'), statuses: [415] },
      { name: 'text, not a PDF', body: new Uint8Array(Buffer.from('Hallo, kein PDF')), headers: named('text.pdf'), statuses: [415] },
      { name: 'a damaged PDF', body: damaged, headers: named('kaputt.pdf'), statuses: [422] },
      { name: 'no file name', body: damaged, headers: pdf, statuses: [400], field: 'name' },
      ...['%ED%A0%80.pdf', '%FF.pdf', '%E2%82', '%00', '%0A%0D', '%2F..%2F'].map((name) => ({ name: `file name ${name}`, body: damaged, headers: named(name), statuses: refused })),
      { name: 'a JSON object with prototype keys', body: '{"__proto__":{"polluted":true}}', headers: JSON_TYPE, statuses: refused },
    ];
  }
  if (contentType === 'multipart/form-data') {
    const field = Object.keys(bodySchema.properties ?? {})[0] ?? 'file';
    const form = (parts: [string, string | Blob, string?][]) => {
      const data = new FormData();
      for (const [name, value, filename] of parts) {
        if (typeof value === 'string') data.append(name, value);
        else data.append(name, value, filename);
      }
      return data;
    };
    const png = () => new Blob([PNG], { type: 'image/png' });
    return [
      ...parserMutations(),
      { name: 'no file', body: form([]), statuses: refused },
      { name: 'text named .png', body: form([[field, new Blob(['Hallo'], { type: 'image/png' }), 'bild.png']]), statuses: refused },
      { name: 'a text field beside the file', body: form([['fuzz', '1'], [field, png(), 'logo.png']]), statuses: refused },
      { name: '__proto__ as a field', body: form([['__proto__', '{"polluted":true}'], [field, png(), 'logo.png']]), statuses: refused },
      { name: 'two files', body: form([[field, png(), 'a.png'], [field, png(), 'b.png']]), statuses: refused },
      { name: 'the file under another name', body: form([['fuzz', png(), 'logo.png']]), statuses: refused },
      { name: 'a file of 2 MB', body: form([[field, new Blob([PNG, new Uint8Array(2 * 1024 * 1024)], { type: 'image/png' }), 'gross.png']]), statuses: refused },
      { name: 'a file name with a lone surrogate and NUL', body: form([[field, new Blob(['Hallo'], { type: 'image/png' }), 'a\ud800\u0000.png']]), statuses: refused },
    ];
  }
  return undefined;
}
