// Incremental RFC 4180 CSV parser: feed it text chunks of any size, get complete records back. Quoted fields may
// hold delimiters, newlines and doubled quotes ("" -> "). The delimiter may be several characters (Adult uses ', ').
import { ConfigError } from '../core/errors.js';

/** Options of the CSV tokenizer. */
export interface CsvParseOptions {
  /** Field separator, one or more characters (default ','). */
  delimiter?: string;
  /** Split on any run of spaces and tabs instead of `delimiter` (TF.js `delimWhitespace`). */
  delimWhitespace?: boolean;
  /** Drop spaces after a delimiter (pandas `skipinitialspace`). */
  skipInitialSpace?: boolean;
}

const QUOTE = 34;
const CR = 13;
const LF = 10;
const SPACE = 32;
const TAB = 9;

/**
 * Streaming CSV tokenizer. `push(chunk)` returns the records completed by that chunk; `end()` flushes the last one.
 * Blank lines are skipped.
 * @example const p = new CsvParser(); p.push('a,"b,c"\n1,'); p.end(); // [['a', 'b,c']], then [['1', '']]
 */
export class CsvParser {
  private readonly delim: string;
  private readonly whitespace: boolean;
  private readonly skipSpace: boolean;
  private field = '';
  private record: string[] = [];
  private inQuotes = false;
  private atFieldStart = true;
  private carry = '';
  /** Physical line number (1-based) where the record being parsed starts; used in error messages. */
  line = 1;
  private recordLine = 1;

  constructor(options: CsvParseOptions = {}) {
    this.delim = options.delimiter ?? ',';
    this.whitespace = options.delimWhitespace ?? false;
    this.skipSpace = options.skipInitialSpace ?? false;
    if (!this.whitespace && (this.delim.length === 0 || /["\r\n]/.test(this.delim))) {
      throw new ConfigError(`csv: invalid delimiter ${JSON.stringify(this.delim)}; use one or more characters other than quotes and newlines.`);
    }
  }

  /** Line number where each returned record started, parallel to the last `push`/`end` result. */
  recordLines: number[] = [];

  /** Parses a chunk and returns the records it completed. */
  push(chunk: string): string[][] {
    return this.parse(this.carry + chunk, false);
  }

  /** Flushes the final record (a file need not end with a newline). */
  end(): string[][] {
    const out = this.parse(this.carry, true);
    if (this.inQuotes) {
      throw new ConfigError(`csv: unterminated quoted field starting on line ${this.recordLine}; close the quote or fix the file.`);
    }
    if (!this.atFieldStart || this.field !== '' || this.record.length > 0) this.finishRecord(out);
    return out;
  }

  private finishRecord(out: string[][]): void {
    this.record.push(this.field);
    this.field = '';
    this.atFieldStart = true;
    const r = this.record;
    this.record = [];
    if (!(r.length === 1 && r[0] === '')) {
      out.push(r);
      this.recordLines.push(this.recordLine);
    }
    this.recordLine = this.line;
  }

  private isDelimAt(text: string, j: number): boolean {
    const d = this.delim;
    if (d.length === 1) return text.charCodeAt(j) === d.charCodeAt(0);
    return text.startsWith(d, j);
  }

  private parse(text: string, final: boolean): string[][] {
    const out: string[][] = [];
    this.recordLines = [];
    this.carry = '';
    const n = text.length;
    const d0 = this.delim.charCodeAt(0);
    let i = 0;
    while (i < n) {
      if (this.inQuotes) {
        const j = text.indexOf('"', i);
        if (j === -1) {
          this.countLines(text, i, n);
          this.field += text.slice(i);
          i = n;
          break;
        }
        this.countLines(text, i, j);
        if (j + 1 >= n && !final) {
          this.field += text.slice(i, j);
          this.carry = '"';
          return out;
        }
        if (text.charCodeAt(j + 1) === QUOTE) {
          this.field += text.slice(i, j) + '"';
          i = j + 2;
        } else {
          this.field += text.slice(i, j);
          this.inQuotes = false;
          i = j + 1;
        }
        continue;
      }
      if (this.atFieldStart) {
        if (this.skipSpace || this.whitespace) while (i < n && (text.charCodeAt(i) === SPACE || (this.whitespace && text.charCodeAt(i) === TAB))) i++;
        if (i >= n) break;
        this.atFieldStart = false;
        if (text.charCodeAt(i) === QUOTE) {
          this.inQuotes = true;
          i++;
          continue;
        }
      }
      let j = i;
      for (; j < n; j++) {
        const c = text.charCodeAt(j);
        if (c === LF || c === CR) break;
        if (this.whitespace ? c === SPACE || c === TAB : c === d0) break;
      }
      this.field += text.slice(i, j);
      if (j >= n) {
        i = n;
        break;
      }
      const c = text.charCodeAt(j);
      if (c === CR || c === LF) {
        if (c === CR && j + 1 >= n && !final) {
          this.carry = '\r';
          return out;
        }
        i = c === CR && text.charCodeAt(j + 1) === LF ? j + 2 : j + 1;
        this.line++;
        this.finishRecord(out);
        continue;
      }
      if (this.whitespace) {
        while (j < n && (text.charCodeAt(j) === SPACE || text.charCodeAt(j) === TAB)) j++;
        if (j >= n && !final) {
          this.carry = ' ';
          return out;
        }
        const next = text.charCodeAt(j);
        if (j < n && next !== CR && next !== LF) this.endField();
        i = j;
        continue;
      }
      if (this.delim.length > 1 && n - j < this.delim.length && !final && this.delim.startsWith(text.slice(j))) {
        this.carry = text.slice(j);
        return out;
      }
      if (this.isDelimAt(text, j)) {
        this.endField();
        i = j + this.delim.length;
      } else {
        this.field += text[j];
        i = j + 1;
      }
    }
    return out;
  }

  private endField(): void {
    this.record.push(this.field);
    this.field = '';
    this.atFieldStart = true;
  }

  private countLines(text: string, from: number, to: number): void {
    for (let k = from; k < to; k++) if (text.charCodeAt(k) === LF) this.line++;
  }
}

/**
 * Parses a whole CSV string into records (see `CsvParser`).
 * @example parseCsvRecords('a,b\n1,"x, y"\n'); // [['a', 'b'], ['1', 'x, y']]
 */
export function parseCsvRecords(text: string, options: CsvParseOptions = {}): string[][] {
  const p = new CsvParser(options);
  return [...p.push(text), ...p.end()];
}
