/**
 * A number as a FLOAT (24 significand bits) or DOUBLE (53) column gives it back in MariaDB: the nearest float of
 * the written number (a FLOAT's through the double, as the server converts it), in the fewest digits that read
 * back as that float (6 significant digits for a FLOAT), plain from 1e-15 to below 1e15 and with an exponent
 * outside (`1.2345678901234568e29`, `1e-16`). Measured against MariaDB 10.11 here, both ends of each range.
 */
export function floatAsShown(written: string, bits: 24 | 53): string {
  const nearest = bits === 24 ? Number(Math.fround(Number(written)).toPrecision(6)) : Number(written);
  if (nearest === 0) return '0';
  const [mantissa, exponentText] = nearest.toExponential().split('e');
  const exponent = Number(exponentText);
  if (exponent < -15 || exponent > 14) return `${mantissa}e${exponent}`;
  const sign = nearest < 0 ? '-' : '';
  const digits = mantissa.replace(/^-/, '').replace('.', '');
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
  const fraction = digits.slice(exponent + 1);
  return `${sign}${whole}${fraction ? `.${fraction}` : ''}`;
}
