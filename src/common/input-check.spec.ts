import 'reflect-metadata';

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString } from 'class-validator';
import { describe, expect, it } from 'vitest';

import { inspectInput, isCleanText } from './input-check.js';
import { checkJsonBytes, MAX_JSON_DEPTH, tooDeepAt } from './json-body.js';
import { TextField } from './validators.js';

const bytes = (text: string) => Buffer.from(text, 'utf8');
const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

describe('tooDeepAt', () => {
  it('lets a body as deep as the limit through, and names the key under which it goes deeper', () => {
    expect(tooDeepAt(bytes(`{"a":${nested(MAX_JSON_DEPTH - 1)}}`))).toBeUndefined();
    expect(tooDeepAt(bytes(`{"a":1,"b":${nested(MAX_JSON_DEPTH)}}`))).toBe('b');
    expect(tooDeepAt(bytes(nested(MAX_JSON_DEPTH + 1)))).toBe('');
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    expect(tooDeepAt(bytes(`{"a":"${'['.repeat(100)}","b":"\\"${'{'.repeat(100)}"}`))).toBeUndefined();
    expect(tooDeepAt(bytes(`{"x\\"y":${nested(100)}}`))).toBe('x"y');
  });

  it('counts a key that is a value of an array at the top as no key', () => {
    expect(tooDeepAt(bytes(`["a",${nested(100)}]`))).toBe('');
  });
});

describe('checkJsonBytes', () => {
  it('refuses invalid UTF-8 and other charsets', () => {
    expect(() => checkJsonBytes(Buffer.from([0x7b, 0xff, 0x7d]), 'utf-8')).toThrow(expect.objectContaining({ code: 'BODY_ENCODING', status: 400 }));
    expect(() => checkJsonBytes(bytes('{}'), 'utf-16le')).toThrow(expect.objectContaining({ code: 'BODY_ENCODING', status: 415 }));
    expect(() => checkJsonBytes(bytes('{"a":"ä🙂"}'), 'utf-8')).not.toThrow();
  });
});

describe('isCleanText', () => {
  it('refuses lone surrogates and control characters other than tab and line breaks', () => {
    for (const bad of ['\ud800', 'a\udc00', '\u0000', '\u0008', '\u000b', '\u001f', '\u007f', '\u0085', '\u009f']) expect(isCleanText(bad), JSON.stringify(bad)).toBe(false);
    for (const good of ['🙂', 'a\tb\nc\r\n', 'Straße', '\u00a0', '\u2028']) expect(isCleanText(good), JSON.stringify(good)).toBe(true);
  });
});

class Example {
  @TextField({ max: 10 })
  name!: string;

  @TextField({ max: 10, optional: true })
  nickname?: string;

  @TextField({ max: 10, nullable: true })
  note?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  flag?: boolean;

  @ApiProperty()
  @IsString()
  undocumentedNullability!: string;
}

describe('inspectInput', () => {
  const problems = (value: unknown) => inspectInput(value, Example).map((p) => [p.field, p.code]);

  it('refuses null where the DTO does not declare it nullable', () => {
    expect(problems({ name: null, nickname: null, note: null, flag: null })).toEqual([
      ['name', 'field.required'],
      ['nickname', 'field.null'],
      ['flag', 'field.null'],
    ]);
  });

  it('leaves null of unknown keys to the whitelist', () => {
    expect(problems({ other: null })).toEqual([]);
  });

  it('refuses prototype keys at any depth', () => {
    const value = JSON.parse('{"__proto__":{"a":1},"name":{"constructor":1},"list":[{"prototype":1}]}') as object;
    expect(problems(value)).toEqual([
      ['__proto__', 'field.unknown'],
      ['name.constructor', 'field.unknown'],
      ['list.0.prototype', 'field.unknown'],
    ]);
  });

  it('refuses bad characters in values and keys, naming the field', () => {
    expect(problems({ name: 'a\u0000', list: ['ok', '\ud800'], ['k\u0001']: 1 })).toEqual([
      ['name', 'field.characters'],
      ['list', 'field.characters'],
      ['k\ufffd', 'field.unknown'],
    ]);
  });

  it('stops at the depth limit instead of overflowing', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 10_000; i++) deep = [deep];
    expect(problems({ name: deep })).toEqual([['name', 'field.depth']]);
  });
});
