/**
 * The one page-layout routine behind every form: a title, then blocks (label/value tables,
 * multi-column tables, headed paragraphs) flowed down the page in reading order, wrapped to the
 * column width and broken across pages, then a footer on every page that knows the page count.
 * Deterministic: no clock, no random ids; all metadata comes from the model.
 */
import { PageSizes, PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from 'pdf-lib';
import { toWinAnsi } from './winansi.ts';

export type PageSize = 'Letter' | 'A4';

export type Block =
  /** Columns are fractions of the text width; the first column is set in bold when `keyed`. */
  | {
      kind: 'table';
      heading?: string;
      columns: readonly number[];
      header?: readonly string[];
      rows: readonly (readonly string[])[];
      keyed?: boolean;
    }
  | { kind: 'paragraphs'; heading: string; text: string };

export interface DocumentModel {
  title: string;
  intro: readonly string[];
  blocks: readonly Block[];
  footer: (page: number, pages: number) => readonly string[];
  metadata: { title: string; subject: string; keywords: readonly string[]; generatedAt: Date };
  pageSize: PageSize;
}

export const PRODUCER = 'Delegate documents (pdf-lib)';
export const CREATOR = 'Delegate';

const MARGIN = 54;
const TITLE_SIZE = 15;
const HEADING_SIZE = 11.5;
const BODY_SIZE = 10;
const BODY_LEADING = 13;
const FOOTER_SIZE = 8;
const FOOTER_LEADING = 10;
const FOOTER_LINES = 2;
const CELL_PAD = 4;
const RULE = rgb(0.6, 0.6, 0.6);
const INK = rgb(0, 0, 0);

/** Split `text` into lines no wider than `width`; words wider than a line are broken. */
export function wrap(text: string, width: number, measure: (s: string) => number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(' ').filter((w) => w !== '')) {
      for (const piece of measure(word) > width ? breakWord(word, width, measure) : [word]) {
        const candidate = line === '' ? piece : `${line} ${piece}`;
        if (line !== '' && measure(candidate) > width) {
          lines.push(line);
          line = piece;
        } else line = candidate;
      }
    }
    lines.push(line);
  }
  return lines;
}

function breakWord(word: string, width: number, measure: (s: string) => number): string[] {
  const pieces: string[] = [];
  let piece = '';
  for (const ch of word) {
    if (piece !== '' && measure(piece + ch) > width) {
      pieces.push(piece);
      piece = ch;
    } else piece += ch;
  }
  if (piece !== '') pieces.push(piece);
  return pieces;
}

interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
}

/** Flows content onto pages, adding a page whenever the next line would reach the footer. */
class Flow {
  readonly pages: PDFPage[] = [];
  private page!: PDFPage;
  private y = 0;
  private onNewPage: (() => void) | undefined;
  private readonly doc: PDFDocument;
  private readonly size: [number, number];
  readonly fonts: Fonts;
  readonly width: number;

  constructor(doc: PDFDocument, size: [number, number], fonts: Fonts) {
    this.doc = doc;
    this.size = size;
    this.fonts = fonts;
    this.width = size[0] - 2 * MARGIN;
    this.newPage();
  }

  private get bottom(): number {
    return MARGIN + FOOTER_LINES * FOOTER_LEADING + 8;
  }

  get pageHeight(): number {
    return this.size[1] - MARGIN - this.bottom;
  }

  private newPage(): void {
    this.page = this.doc.addPage(this.size);
    this.pages.push(this.page);
    this.y = this.size[1] - MARGIN;
    this.onNewPage?.();
  }

  /** Make room for `height` points, starting a page if needed. */
  ensure(height: number): void {
    if (this.y - height < this.bottom) this.newPage();
  }

  /** Run `body`; each page it starts begins with `repeat` (a table's header row). */
  withRepeat(repeat: (() => void) | undefined, body: () => void): void {
    this.onNewPage = repeat;
    body();
    this.onNewPage = undefined;
  }

  text(s: string, x: number, size: number, font: PDFFont): void {
    this.page.drawText(s, { x: MARGIN + x, y: this.y - size, size, font, color: INK });
  }

  rule(thickness = 0.5): void {
    this.page.drawLine({
      start: { x: MARGIN, y: this.y },
      end: { x: MARGIN + this.width, y: this.y },
      thickness,
      color: RULE,
    });
  }

  down(points: number): void {
    this.y -= points;
  }
}

const measureWith = (font: PDFFont, size: number) => (s: string) => font.widthOfTextAtSize(s, size);

function drawLines(flow: Flow, lines: readonly string[], size: number, leading: number, font: PDFFont): void {
  for (const line of lines) {
    flow.ensure(leading);
    flow.text(line, 0, size, font);
    flow.down(leading);
  }
}

function drawHeading(flow: Flow, heading: string): void {
  flow.ensure(HEADING_SIZE + 10 + 2 * BODY_LEADING);
  flow.down(6);
  flow.text(heading, 0, HEADING_SIZE, flow.fonts.bold);
  flow.down(HEADING_SIZE + 4);
  flow.rule(0.75);
  flow.down(4);
}

/** `bold` is how many leading cells are set in bold (1 for a label column, all for a header). */
function drawRow(flow: Flow, cells: readonly string[], columns: readonly number[], bold: number): void {
  const xs = columns.map((_, i) => columns.slice(0, i).reduce((a, b) => a + b, 0) * flow.width);
  const wrapped = cells.map((cell, i) => {
    const font = i < bold ? flow.fonts.bold : flow.fonts.regular;
    const width = (columns[i] ?? 0) * flow.width - 2 * CELL_PAD;
    return { font, lines: wrap(cell, width, measureWith(font, BODY_SIZE)) };
  });
  const lineCount = Math.max(1, ...wrapped.map((c) => c.lines.length));
  const height = lineCount * BODY_LEADING + CELL_PAD;
  // Keep a row on one page when it fits on one; a longer row continues line by line.
  if (height <= flow.pageHeight) flow.ensure(height);
  for (let line = 0; line < lineCount; line++) {
    flow.ensure(BODY_LEADING);
    wrapped.forEach((cell, i) => {
      const text = cell.lines[line];
      if (text) flow.text(text, (xs[i] ?? 0) + CELL_PAD, BODY_SIZE, cell.font);
    });
    flow.down(BODY_LEADING);
  }
  flow.down(CELL_PAD / 2);
  flow.rule(0.25);
  flow.down(CELL_PAD / 2);
}

function drawBlock(flow: Flow, block: Block): void {
  if (block.kind === 'paragraphs') {
    drawHeading(flow, block.heading);
    const lines = wrap(block.text, flow.width, measureWith(flow.fonts.regular, BODY_SIZE));
    drawLines(flow, lines, BODY_SIZE, BODY_LEADING, flow.fonts.regular);
    return;
  }
  if (block.heading !== undefined) drawHeading(flow, block.heading);
  const { header, columns } = block;
  const drawHeader = header ? () => drawRow(flow, header, columns, header.length) : undefined;
  if (drawHeader) {
    flow.ensure(2 * BODY_LEADING + 2 * CELL_PAD);
    drawHeader();
  }
  // A table that runs onto the next page repeats its header row there.
  flow.withRepeat(drawHeader, () => {
    for (const row of block.rows) drawRow(flow, row, columns, block.keyed === true ? 1 : 0);
  });
}

const sanitise = (block: Block): Block =>
  block.kind === 'paragraphs'
    ? { ...block, heading: toWinAnsi(block.heading), text: toWinAnsi(block.text) }
    : {
        ...block,
        ...(block.heading !== undefined ? { heading: toWinAnsi(block.heading) } : {}),
        ...(block.header ? { header: block.header.map(toWinAnsi) } : {}),
        rows: block.rows.map((row) => row.map(toWinAnsi)),
      };

/** Lay the model out and serialise it; the same model always gives the same bytes. */
export async function layoutPdf(model: DocumentModel): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const fonts: Fonts = {
    regular: await doc.embedFont(StandardFonts.Helvetica),
    bold: await doc.embedFont(StandardFonts.HelveticaBold),
  };
  const size: [number, number] = model.pageSize === 'A4' ? PageSizes.A4 : PageSizes.Letter;
  const flow = new Flow(doc, size, fonts);

  const titleLines = wrap(toWinAnsi(model.title), flow.width, measureWith(fonts.bold, TITLE_SIZE));
  drawLines(flow, titleLines, TITLE_SIZE, TITLE_SIZE + 4, fonts.bold);
  flow.down(4);
  for (const line of model.intro) {
    const lines = wrap(toWinAnsi(line), flow.width, measureWith(fonts.regular, BODY_SIZE));
    drawLines(flow, lines, BODY_SIZE, BODY_LEADING, fonts.regular);
  }
  for (const block of model.blocks) {
    flow.down(6);
    drawBlock(flow, sanitise(block));
  }

  const pages = flow.pages.length;
  flow.pages.forEach((page, i) => {
    const lines = model.footer(i + 1, pages).map(toWinAnsi);
    page.drawLine({
      start: { x: MARGIN, y: MARGIN + FOOTER_LINES * FOOTER_LEADING + 2 },
      end: { x: size[0] - MARGIN, y: MARGIN + FOOTER_LINES * FOOTER_LEADING + 2 },
      thickness: 0.5,
      color: RULE,
    });
    lines.slice(0, FOOTER_LINES).forEach((line, n) => {
      page.drawText(line, {
        x: MARGIN,
        y: MARGIN + (FOOTER_LINES - 1 - n) * FOOTER_LEADING,
        size: FOOTER_SIZE,
        font: fonts.regular,
        color: INK,
      });
    });
  });

  const { metadata } = model;
  doc.setTitle(toWinAnsi(metadata.title), { showInWindowTitleBar: true });
  doc.setSubject(metadata.subject);
  doc.setKeywords([...metadata.keywords]);
  doc.setLanguage('en-US');
  doc.setProducer(PRODUCER);
  doc.setCreator(CREATOR);
  doc.setCreationDate(metadata.generatedAt);
  doc.setModificationDate(metadata.generatedAt);
  return doc.save({ useObjectStreams: true });
}
