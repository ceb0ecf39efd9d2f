import * as iconv from 'iconv-lite';

/** MariaDB's other 8-bit and multi-byte sets, by iconv-lite's codec of the same table (sets it lacks are left to the server). */
const CODEC: Record<string, string> = {
  latin2: 'iso-8859-2',
  latin5: 'iso-8859-9',
  latin7: 'iso-8859-13',
  greek: 'iso-8859-7',
  hebrew: 'iso-8859-8',
  cp1250: 'windows-1250',
  cp1251: 'windows-1251',
  cp1256: 'windows-1256',
  cp1257: 'windows-1257',
  cp850: 'cp850',
  cp852: 'cp852',
  cp866: 'cp866',
  koi8r: 'koi8-r',
  koi8u: 'koi8-u',
  macroman: 'macintosh',
  macce: 'maccenteuro',
  tis620: 'tis620',
  sjis: 'shift_jis',
  cp932: 'cp932',
  ujis: 'euc-jp',
  eucjpms: 'euc-jp',
  big5: 'big5',
  gbk: 'gbk',
  gb2312: 'gb2312',
  euckr: 'euc-kr',
};

const hex = (c: number) => `\\u{${c.toString(16)}}`;

/**
 * A RegExp source (flag u) matching each character `charset` cannot store: those that do not survive a round
 * trip through its codec, and all beyond the BMP. Here, not in charsetFit: iconv-lite needs Node's Buffer.
 */
export function unstorablePattern(charset: string): string | undefined {
  const codec = CODEC[charset];
  if (codec === undefined) return undefined;
  if (!patterns.has(codec)) patterns.set(codec, patternOf(codec));
  return patterns.get(codec);
}

const patterns = new Map<string, string>();

function patternOf(codec: string): string {
  const ranges: string[] = [];
  let start = -1;
  for (let c = 0; c <= 0x10000; c++) {
    const surrogate = c >= 0xd800 && c <= 0xdfff;
    const text = String.fromCodePoint(c);
    const lost = c < 0x10000 && !surrogate && iconv.decode(iconv.encode(text, codec), codec) !== text;
    if (lost && start < 0) start = c;
    if (!lost && !surrogate && start >= 0) {
      ranges.push(start === c - 1 ? hex(start) : `${hex(start)}-${hex(c - 1)}`);
      start = -1;
    }
  }
  return `[${ranges.join('')}\\u{10000}-\\u{10ffff}]`;
}
