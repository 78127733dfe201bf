import { describe, expect, test } from 'vitest';
import { resolve } from 'node:path';
import { repoRoot } from '../../test/helpers/paths.js';
import type { Tensor } from '../tensor/tensor.js';
import { CsvParser, parseCsvRecords } from './csv-parser.js';
import { csv } from './csv.js';
import { jsonl } from './jsonl.js';
import { parseCsv, readCsv, column } from './table.js';
import { readTextChunks } from './file-stream.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';

const fx = (name: string): string => resolve(repoRoot, 'test/fixtures/data', name);

describe('CsvParser (RFC 4180)', () => {
  test('quotes, embedded delimiters, newlines and doubled quotes', () => {
    expect(parseCsvRecords('a,"b,c","x\ny","say ""hi"""\r\n1,,3,4')).toEqual([
      ['a', 'b,c', 'x\ny', 'say "hi"'],
      ['1', '', '3', '4'],
    ]);
  });

  test('blank lines are skipped and a trailing newline is optional', () => {
    expect(parseCsvRecords('a,b\n\n1,2\n\n')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  test('any chunking gives the same records, including a multi-character delimiter', () => {
    const text = '39, State-gov, "x, ""y"""\r\n50, ?, "a\r\nb"\n7, , z';
    const whole = parseCsvRecords(text, { delimiter: ', ' });
    expect(whole).toEqual([
      ['39', 'State-gov', 'x, "y"'],
      ['50', '?', 'a\r\nb'],
      ['7', '', 'z'],
    ]);
    for (const size of [1, 2, 3, 5]) {
      const p = new CsvParser({ delimiter: ', ' });
      const out: string[][] = [];
      for (let i = 0; i < text.length; i += size) out.push(...p.push(text.slice(i, i + size)));
      out.push(...p.end());
      expect(out).toEqual(whole);
    }
  });

  test('skipInitialSpace and delimWhitespace', () => {
    expect(parseCsvRecords('1,  2, x', { skipInitialSpace: true })).toEqual([['1', '2', 'x']]);
    expect(parseCsvRecords('  1 \t 2   3  \n4 5 6', { delimWhitespace: true })).toEqual([
      ['1', '2', '3'],
      ['4', '5', '6'],
    ]);
  });

  test('unterminated quote is reported with its line', () => {
    expect(() => parseCsvRecords('a,b\n1,"oops\n2,3')).toThrow(/unterminated quoted field starting on line 2/);
  });
});

describe('data.csv', () => {
  test('header detection, type inference, missing values and label columns', async () => {
    const ds = csv(fx('people.csv'), { columnConfigs: { income: { isLabel: true } } });
    expect(await ds.columnNames()).toEqual(['name', 'age', 'city', 'income']);
    const rows = await ds.toArray();
    expect(rows).toEqual([
      { xs: { name: 'Smith, John', age: 42, city: 'New\nYork' }, ys: { income: '>50K' } },
      { xs: { name: 'Ann', age: null, city: 'Paris' }, ys: { income: '<=50K' } },
      { xs: { name: 'Say "hi"', age: null, city: null }, ys: { income: '<=50K' } },
    ]);
  });

  test('gzip input, configuredColumnsOnly, defaults and batching to tensors', async () => {
    const ds = csv(fx('people.csv.gz'), {
      configuredColumnsOnly: true,
      columnConfigs: { age: { default: -1 } },
    });
    const [batch] = await ds.batch(3).toArray();
    const age = (batch as { age: Tensor }).age;
    expect(Array.from(age.values)).toEqual([42, -1, -1]);
  });

  test('required values and ragged lines give errors with the line number', async () => {
    await expect(csv(fx('people.csv'), { columnConfigs: { age: { required: true } } }).toArray()).rejects.toThrow(
      /line 4, column 'age': a value is required/,
    );
    await expect(csv(fx('ragged.csv')).toArray()).rejects.toThrow(/line 3 has 1 fields, expected 2 \(a, b\)/);
    await expect(csv(fx('people.csv'), { columnConfigs: { nope: { isLabel: true } } }).toArray()).rejects.toThrow(
      /columnConfigs names 'nope', which is not a column/,
    );
    await expect(csv(fx('missing.csv')).toArray()).rejects.toThrow(/cannot open .*missing.csv.*ENOENT/);
  });

  test('junk first line, ", " delimiter, no header', async () => {
    const ds = csv(fx('adult-like.test'), {
      skipLines: 1,
      delimiter: ', ',
      columnNames: ['age', 'workclass', 'fnlwgt', 'income'],
      columnConfigs: { income: { isLabel: true } },
    });
    const rows = await ds.toArray();
    expect(rows).toEqual([
      { xs: { age: 39, workclass: 'State-gov', fnlwgt: 77516 }, ys: { income: '<=50K.' } },
      { xs: { age: 50, workclass: null, fnlwgt: 83311 }, ys: { income: '>50K.' } },
    ]);
    const viaComment = await csv(fx('adult-like.test'), { comment: '|', delimiter: ', ', hasHeader: false }).toArray();
    expect(viaComment[0]).toEqual({ column1: 39, column2: 'State-gov', column3: 77516, column4: '<=50K.' });
  });
});

describe('tables and JSON lines', () => {
  test('parseCsv infers numeric columns and keeps missing as null', () => {
    const t = parseCsv('a,b,c\n1,x,3\n?,y,NA\n2.5,,z\n');
    expect(t.columns).toEqual(['a', 'b', 'c']);
    expect(t.rows).toEqual([
      [1, 'x', '3'],
      [null, 'y', null],
      [2.5, null, 'z'],
    ]);
    expect(column(t, 'a')).toEqual([1, null, 2.5]);
    expect(() => column(t, 'd')).toThrow(/no column 'd'; columns are a, b, c/);
    expect(parseCsv('')).toEqual({ columns: [], rows: [] });
  });

  test('readCsv streams a gzip file into a table', async () => {
    const t = await readCsv(fx('people.csv.gz'));
    expect(t.rows.length).toBe(3);
    expect(column(t, 'age')).toEqual([42, null, null]);
  });

  test('jsonl reads one value per line and reports bad lines', async () => {
    expect(await jsonl(fx('small.jsonl')).toArray()).toEqual([
      { text: 'good', label: 1 },
      { text: 'bad', label: 0 },
    ]);
    await expect(jsonl(fx('people.csv')).toArray()).rejects.toThrow(/line 1 is not valid JSON/);
  });
});

test('readTextChunks decodes UTF-8 characters split across chunk boundaries', async () => {
  const path = resolve(mkdtempSync(resolve(tmpdir(), 'tf-chunks-')), 'utf8.csv');
  const text = 'café,naïve,日本語\n'.repeat(5);
  writeFileSync(path, text);
  let out = '';
  for await (const c of readTextChunks(path, 'test', 1)) out += c;
  expect(out).toBe(text);
});
