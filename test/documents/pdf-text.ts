/**
 * Test helper: read a generated PDF back with poppler (`pdftotext -layout`, `pdfinfo`), as a
 * person or a screen reader would get it, from a temporary file.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function withFile<T>(bytes: Uint8Array, run: (file: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'delegate-pdf-'));
  try {
    const file = join(dir, 'form.pdf');
    writeFileSync(file, bytes);
    return run(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The text of every page, in layout order; pages are separated by form feeds. */
export const pdfText = (bytes: Uint8Array): string =>
  withFile(bytes, (file) =>
    execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }),
  );

/** The text of each page. */
export const pdfPages = (bytes: Uint8Array): string[] =>
  pdfText(bytes)
    .split('\f')
    .filter((page, i, all) => i < all.length - 1 || page.trim() !== '');

/** `pdfinfo` as a map of its fields (Title, Pages, CreationDate, Producer, Page size, …). */
export const pdfInfo = (bytes: Uint8Array): Record<string, string> =>
  withFile(bytes, (file) => {
    const out = execFileSync('pdfinfo', ['-isodates', file], { encoding: 'utf8' });
    return Object.fromEntries(
      out
        .split('\n')
        .map((line) => /^([^:]+):\s*(.*)$/.exec(line))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => [m[1]!.trim(), m[2]!.trim()]),
    );
  });

/** Collapse runs of whitespace, so values wrapped or spaced by the layout compare as written. */
export const squash = (s: string): string => s.replace(/\s+/g, ' ').trim();
