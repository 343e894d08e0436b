/**
 * Streams the records of an encounters CSV with their line numbers, so a file of a million
 * rows is never held in memory. Problems of the CSV syntax itself (an unclosed quote) come out
 * as a `CsvSyntaxProblem` naming the line.
 */
import fs from 'node:fs';
import { CsvError, parse } from 'csv-parse';

export interface CsvRecord {
  fields: string[];
  /** 1-based line on which the record ends. */
  line: number;
}

export class CsvSyntaxProblem extends Error {
  readonly line: number;
  constructor(line: number, message: string) {
    super(message);
    this.line = line;
  }
}

export async function* readCsvRecords(file: string): AsyncGenerator<CsvRecord> {
  const parser = fs
    .createReadStream(file)
    .pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true, info: true }));
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      yield { fields: item.record, line: item.info.lines };
    }
  } catch (error) {
    if (error instanceof CsvError) {
      const line = typeof error.lines === 'number' ? error.lines : 0;
      throw new CsvSyntaxProblem(line, error.message.replace(/^[A-Za-z ]+: /, ''));
    }
    throw error;
  } finally {
    parser.destroy();
  }
}
