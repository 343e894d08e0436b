import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FORM_KINDS, type FormInput, type FormKind, TEMPLATE_VERSIONS } from '../../src/documents/forms.ts';
import { wrap } from '../../src/documents/layout.ts';
import { I862_ADVISAL_CITATION, type RenderOptions, renderForm } from '../../src/documents/render.ts';
import { needsTransliteration, toWinAnsi } from '../../src/documents/winansi.ts';
import { EXAMPLES, type Example, i213, i247a, i862 } from './examples.ts';
import { pdfInfo, pdfPages, pdfText, squash } from './pdf-text.ts';

const generatedAt = new Date('2026-03-07T12:34:56.000Z');
const options: RenderOptions = { generatedAt, caseRef: 'CASE-2026-0042', version: 1 };

async function render<K extends FormKind>(kind: K, data: FormInput<K>, opts: Partial<RenderOptions> = {}) {
  const result = await renderForm(kind, data, { ...options, ...opts });
  if (!result.ok) throw new Error(`expected a PDF, got ${result.error.userMessage}`);
  return result.value;
}

/** Every leaf of the data by dotted path; a boolean is checked only through the statement it makes. */
function leaves(value: unknown, path = ''): [string, string | boolean][] {
  if (value === null || value === undefined) return [];
  if (typeof value === 'string' || typeof value === 'boolean') return [[path, value]];
  if (typeof value === 'number') return [[path, String(value)]];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
    leaves(v, path === '' ? k : `${path}.${k}`),
  );
}

describe('renderForm refuses what it must not print', () => {
  it('names the first bad field of invalid data', async () => {
    const bad = { ...i213.data, subject: { ...i213.data.subject, dateOfBirth: '07/14/1991' } };
    const result = await renderForm('I-213', bad, options);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid_input');
    expect(result.error.where).toEqual({ field: 'subject.dateOfBirth' });
    expect(result.error.userMessage).toMatch(/^subject\.dateOfBirth: expected an ISO date/);
    expect(result.error.userMessage).not.toContain('07/14/1991');
  });

  it('stores the A-number canonically', async () => {
    const data = { ...EXAMPLES[2].data, subject: { ...EXAMPLES[2].data.subject, aNumber: 'A12345678' } };
    const pdf = await render('I-200', data);
    expect(pdf.snapshot.subject.aNumber).toBe('012345678');
    expect(squash(pdfText(pdf.bytes))).toContain('A-number A012345678');
  });

  it('rejects an unknown field rather than dropping it', async () => {
    const bad = { ...i213.data, encounter: { ...i213.data.encounter, room: '4B' } } as FormInput<'I-213'>;
    const result = await renderForm('I-213', bad, options);
    expect(!result.ok && result.error.where).toEqual({ field: 'encounter.room' });
  });

  it.each([
    [
      'a hold beyond 48 hours',
      { request: { notifyBeforeRelease: true, maximumHoldHours: 72 } },
      'request.maximumHoldHours',
    ],
    ['no probable-cause basis', { probableCauseBases: [] }, 'probableCauseBases'],
    ['a basis outside the list', { probableCauseBases: ['investigation_initiated'] }, 'probableCauseBases.0'],
  ])('rejects an I-247A with %s', async (_, change, field) => {
    const result = await renderForm('I-247A', { ...i247a.data, ...change } as FormInput<'I-247A'>, options);
    expect(!result.ok && result.error.where).toEqual({ field });
  });

  it('rejects a bond amount on a custody determination that is not release on bond', async () => {
    const data: FormInput<'I-286'> = { ...EXAMPLES[7].data, determination: 'detain', bondAmountUsd: 1000 };
    const result = await renderForm('I-286', data, options);
    expect(!result.ok && result.error.where).toEqual({ field: 'bondAmountUsd' });
  });

  it.each([
    ['version 0', { version: 0 }, 'options.version'],
    ['a later version without what it supersedes', { version: 2 }, 'options.supersedes'],
    [
      'supersession of a later version',
      { version: 2, supersedes: { version: 2, reason: 'x' } },
      'options.supersedes.version',
    ],
    [
      'supersession without a reason',
      { version: 2, supersedes: { version: 1, reason: ' ' } },
      'options.supersedes.reason',
    ],
    ['an invalid generation time', { generatedAt: new Date('nope') }, 'options.generatedAt'],
    ['an empty case reference', { caseRef: '' }, 'options.caseRef'],
  ])('rejects %s', async (_, change, field) => {
    const result = await renderForm('I-200', EXAMPLES[2].data, { ...options, ...change });
    expect(!result.ok && result.error.where).toEqual({ field });
  });

  describe('I-862 for a warrantless arrest (8 CFR 287.3(c))', () => {
    const warrantless = (advisal: unknown): FormInput<'I-862'> =>
      ({
        ...i862.data,
        arrest: { kind: 'warrantless', arrestedAt: '2026-03-02T08:00:00Z', advisal },
      }) as FormInput<'I-862'>;
    const recorded = {
      reasonsForArrest: true,
      rightToCounsel: true,
      advisedAt: '2026-03-02T10:30:00Z',
      advisedBy: 'A. Lund',
    };

    it.each([
      ['no advisal recorded', null, /advisals are not recorded/],
      [
        'the legal-services list not provided',
        { ...recorded, legalServicesListProvided: false },
        /list of free legal service providers/,
      ],
      [
        'no advisal of the right to counsel',
        { ...recorded, rightToCounsel: false, legalServicesListProvided: true },
        /right to counsel/,
      ],
    ])('refuses to finalise with %s', async (_, advisal, message) => {
      const result = await renderForm('I-862', warrantless(advisal), options);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error.code).toBe('conflict');
      expect(result.error.citation).toBe(I862_ADVISAL_CITATION);
      expect(result.error.userMessage).toMatch(message);
    });

    it('finalises once the list is recorded as provided, and says so on the notice', async () => {
      const pdf = await render('I-862', warrantless({ ...recorded, legalServicesListProvided: true }));
      expect(squash(pdfText(pdf.bytes))).toContain('list of free legal service providers (8 CFR 287.3(c))');
    });

    it('needs no advisal for an arrest on a warrant, and prints no advisal statement', async () => {
      const data: FormInput<'I-862'> = {
        ...i862.data,
        arrest: { kind: 'warrant', warrantForm: 'I-200', warrantNumber: 'W-2026-0091' },
      };
      const text = squash(pdfText((await render('I-862', data)).bytes));
      expect(text).toContain('With a warrant');
      expect(text).toContain('Form I-200 No. W-2026-0091');
      expect(text).not.toContain('287.3(c)');
    });
  });
});

describe('every form carries its fields', () => {
  it('has an example for every form kind', () => {
    expect(EXAMPLES.map((e) => e.kind).sort()).toEqual([...FORM_KINDS].sort());
  });

  it.each(EXAMPLES.map((e) => [e.kind, e] as const))(
    '%s: every value reads back from the PDF',
    async (kind, example) => {
      const { data, shows } = example as Example<typeof kind>;
      const pdf = await render(kind, data);
      const text = squash(pdfText(pdf.bytes));
      expect(text).toContain(squash(`Form ${kind} — `));
      expect(text).toContain('(Delegate record)');
      const all = leaves(data);
      for (const [path, value] of all) {
        const shown = shows[path] ?? value;
        if (typeof shown === 'string') expect(text, `${kind} ${path}`).toContain(squash(shown));
      }
      for (const path of Object.keys(shows)) expect(all.map(([p]) => p)).toContain(path);
      expect(pdf.templateVersion).toBe(TEMPLATE_VERSIONS[kind]);
      expect(text).toContain(`Template ${TEMPLATE_VERSIONS[kind]}`);
      expect(text).toContain('Case CASE-2026-0042');
      const pages = Number(pdfInfo(pdf.bytes).Pages);
      for (let page = 1; page <= pages; page++)
        expect(text).toContain(`Generated 2026-03-07T12:34:56.000Z · page ${page} of ${pages}`);
      expect(pdf.snapshot).toMatchObject(data as object);
    },
  );

  it('prints the I-213 title in full', async () => {
    const text = squash(pdfText((await render('I-213', i213.data)).bytes));
    expect(text).toContain('Form I-213 — Record of Deportable/Inadmissible Alien (Delegate record)');
  });

  it('marks unchecked probable-cause bases as unchecked', async () => {
    const text = squash(pdfText((await render('I-247A', i247a.data)).bytes));
    expect(text).toContain('Applies Basis No A final order of removal against the subject.');
    expect(text).toContain('No The pendency of ongoing removal proceedings');
  });

  it('says an unserved detainer is not yet in effect', async () => {
    const text = squash(pdfText((await render('I-247A', { ...i247a.data, service: null })).bytes));
    expect(text).toContain(
      'Not yet served: the detainer takes effect only once a copy is served on the subject',
    );
  });

  it('prints a hearing "to be set" when no location or time is given', async () => {
    const text = squash(pdfText((await render('I-862', i862.data)).bytes));
    expect(text).toContain('Hearing location To be set');
    expect(text).toContain('Hearing date and time To be set');
  });

  it('states the version superseded and the reason', async () => {
    const pdf = await render('I-200', EXAMPLES[2].data, {
      version: 2,
      supersedes: { version: 1, reason: 'Corrected the warrant number.' },
    });
    const text = squash(pdfText(pdf.bytes));
    expect(text).toContain('document version 2. Supersedes version 1. Reason: Corrected the warrant number.');
    expect(text).toContain('Document version 2 (supersedes version 1)');
  });
});

describe('output is deterministic', () => {
  it('gives byte-identical output and the same SHA-256 for the same input', async () => {
    const a = await render('I-213', i213.data);
    const b = await render('I-213', structuredClone(i213.data));
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
    expect(a.sha256).toBe(b.sha256);
    expect(a.sha256).toBe(createHash('sha256').update(a.bytes).digest('hex'));
  });

  it('does not depend on the machine’s time zone', async () => {
    const zone = process.env.TZ;
    try {
      process.env.TZ = 'UTC';
      const utc = await render('I-213', i213.data);
      process.env.TZ = 'Asia/Tokyo';
      const tokyo = await render('I-213', i213.data);
      expect(tokyo.sha256).toBe(utc.sha256);
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it('gives a different hash for a different generation time', async () => {
    const a = await render('I-213', i213.data);
    const b = await render('I-213', i213.data, { generatedAt: new Date('2026-03-07T12:34:57.000Z') });
    expect(b.sha256).not.toBe(a.sha256);
  });

  it('takes its metadata from the input, not the clock or the machine', async () => {
    const info = pdfInfo((await render('I-213', i213.data)).bytes);
    expect(info.CreationDate).toMatch(/^2026-03-07T12:34:56/);
    expect(info.ModDate).toMatch(/^2026-03-07T12:34:56/);
    expect(info.Producer).toBe('Delegate documents (pdf-lib)');
    expect(info.Creator).toBe('Delegate');
    expect(info.Title).toBe('Form I-213 — Record of Deportable/Inadmissible Alien (Delegate record)');
    expect(info['Page size']).toMatch(/612 x 792/);
  });

  it('lays out on A4 when asked', async () => {
    const info = pdfInfo((await render('I-203', EXAMPLES[8].data, { pageSize: 'A4' })).bytes);
    expect(info['Page size']).toMatch(/A4/);
  });
});

describe('long text', () => {
  const sentences = Array.from(
    { length: 24 },
    (_, i) =>
      `Sentence ${i + 1} of the narrative records what the processing officer observed during the ` +
      'interview, in the order the events took place.',
  );

  it('wraps a long narrative across pages, with the page count in every footer', async () => {
    const pdf = await render('I-213', { ...i213.data, narrative: sentences.join('\n') });
    const pages = pdfPages(pdf.bytes);
    expect(pdfInfo(pdf.bytes).Pages).toBe('2');
    expect(pages).toHaveLength(2);
    expect(squash(pages[0]!)).toContain('page 1 of 2');
    expect(squash(pages[1]!)).toContain('page 2 of 2');
    expect(squash(pages[1]!)).toContain(sentences.at(-1));
    // The narrative runs on under the footer of page 1; read it without the footers.
    const body = pages.map((page) =>
      page
        .split('\n')
        .filter((line) => !/^(Case CASE-2026-0042 · Form|Generated )/.test(line))
        .join('\n'),
    );
    const text = squash(body.join(' '));
    let from = 0;
    for (const sentence of sentences) {
      const at = text.indexOf(sentence, from);
      expect(at, sentence).toBeGreaterThan(from - 1);
      from = at;
    }
  });

  it('breaks a word wider than the line', () => {
    const measure = (s: string) => s.length;
    expect(wrap('ab abcdefghij cd', 4, measure)).toEqual(['ab', 'abcd', 'efgh', 'ij', 'cd']);
    expect(wrap('one\n\ntwo', 10, measure)).toEqual(['one', '', 'two']);
  });
});

describe('names outside the standard font', () => {
  it('transliterates to the closest WinAnsi character or "?"', () => {
    expect(toWinAnsi('Nguyễn Thị Đào')).toBe('Nguyên Thi Dào');
    expect(toWinAnsi('Łukasz Żółć')).toBe('Lukasz Zólc');
    expect(toWinAnsi('王小明 – Øre €5 ß')).toBe('??? – Øre €5 ß');
    expect(toWinAnsi('e\u0301 x\u0308\ttab\r\nline')).toBe('é x tab\nline');
    expect(needsTransliteration('José Ñúñez')).toBe(false);
    expect(needsTransliteration('Żółć')).toBe(true);
  });

  it('renders the closest spelling, keeps the original in the snapshot, and says so', async () => {
    const data: FormInput<'I-213'> = {
      ...i213.data,
      subject: {
        ...i213.data.subject,
        name: { family: 'Nguyễn', given: 'Đào', middle: 'Thị' },
        aliases: ['Łukasz Żółć', '王小明'],
      },
    };
    const pdf = await render('I-213', data);
    const text = squash(pdfText(pdf.bytes));
    expect(text).toContain('Nguyên, Dào Thi');
    expect(text).toContain('Lukasz Zólc; ???');
    expect(text).toContain('the stored record keeps the original spelling');
    expect(pdf.snapshot.subject.name).toEqual({ family: 'Nguyễn', given: 'Đào', middle: 'Thị' });
    expect(pdf.snapshot.subject.aliases).toEqual(['Łukasz Żółć', '王小明']);
  });

  it('adds no such note when every character can be printed', async () => {
    const text = squash(pdfText((await render('I-213', i213.data)).bytes));
    expect(text).not.toContain('original spelling');
  });
});
