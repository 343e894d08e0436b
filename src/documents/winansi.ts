/**
 * Text for the PDF standard fonts. Helvetica in pdf-lib encodes only WinAnsi (Windows-1252)
 * characters and throws on anything else, so every string drawn passes through `toWinAnsi`: a
 * character outside the set becomes the closest WinAnsi character (ễ → ê, ị → i, Đ → D, Ł → L)
 * or `?`. The stored snapshot keeps the original spelling; only the drawn text changes.
 */

/** The 27 WinAnsi characters outside Latin-1 (code points 0x80–0x9F of Windows-1252). */
const WINANSI_EXTRAS = new Set('ŒœŠšŸŽžƒˆ˜–—‘’‚“”„†‡•…‰‹›€™');

export function isWinAnsi(ch: string): boolean {
  const cp = ch.codePointAt(0) ?? 0;
  if (ch.length !== 1) return false;
  return (cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xff) || WINANSI_EXTRAS.has(ch);
}

/** Letters whose Unicode decomposition does not lead to a Latin base letter. */
const SPECIAL: Readonly<Record<string, string>> = {
  Đ: 'D',
  đ: 'd',
  Ð: 'D',
  Ħ: 'H',
  ħ: 'h',
  ı: 'i',
  Ł: 'L',
  ł: 'l',
  Ŀ: 'L',
  ŀ: 'l',
  Ŋ: 'N',
  ŋ: 'n',
  Ŧ: 'T',
  ŧ: 't',
  ĸ: 'k',
  Ə: 'E',
  ə: 'e',
  Ơ: 'O',
  ơ: 'o',
  Ư: 'U',
  ư: 'u',
  ʻ: '‘',
  ʼ: '’',
  '′': "'",
  '″': '"',
  '−': '-',
  '‐': '-',
  '‑': '-',
  '‒': '–',
  '\t': ' ',
};

function closest(ch: string): string {
  const special = SPECIAL[ch];
  if (special !== undefined) return special;
  // Drop combining marks from the end until what remains composes to a WinAnsi character.
  const parts = [...ch.normalize('NFD')];
  for (let keep = parts.length - 1; keep >= 1; keep--) {
    const candidate = parts.slice(0, keep).join('').normalize('NFC');
    if (isWinAnsi(candidate)) return candidate;
    const base = SPECIAL[candidate];
    if (base !== undefined) return base;
  }
  return '?';
}

/** The drawable form of `text`: WinAnsi characters and line breaks only. */
export function toWinAnsi(text: string): string {
  let out = '';
  for (const ch of text.replace(/\r\n?/g, '\n').normalize('NFC')) {
    if (ch === '\n' || isWinAnsi(ch)) out += ch;
    else if (/\p{M}/u.test(ch))
      continue; // a stray combining mark: its base letter stands alone
    else if (/\p{Cc}|\p{Cf}/u.test(ch) && ch !== '\t') continue;
    else out += closest(ch);
  }
  return out;
}

/** Whether drawing `text` changes any character (so the document says originals are kept). */
export const needsTransliteration = (text: string): boolean =>
  toWinAnsi(text) !== text.replace(/\r\n?/g, '\n').replace(/\t/g, ' ').normalize('NFC');
