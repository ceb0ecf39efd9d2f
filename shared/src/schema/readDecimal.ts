/** 10^k for k digits after the decimal mark: exact doubles up to 10^22. */
const POWERS = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * The common spelling of a number read by character codes, with no string built: an optional sign, digits,
 * group characters anywhere (they are removed, as frictionless-py removes them), and with `fraction` one
 * decimal mark. At most 15 digits, so that the digits are an exact integer M and M / 10^k is the correctly
 * rounded value, the same double that Number() gives for the text. Undefined sends the cell to the general path
 * (exponents, special values, long numbers, text around the number).
 */
export function readDecimal(raw: string, group: number, decimal: number, fraction: boolean): number | undefined {
  const length = raw.length;
  let i = 0;
  let negative = false;
  const first = raw.charCodeAt(0);
  if (first === 45 || first === 43) {
    negative = first === 45;
    i = 1;
  }
  let mantissa = 0;
  let digits = 0;
  let scale = -1;
  for (; i < length; i++) {
    const code = raw.charCodeAt(i);
    const digit = code - 48;
    if (digit >= 0 && digit <= 9) {
      mantissa = mantissa * 10 + digit;
      digits++;
      if (scale !== -1) scale++;
    } else if (code === group) continue;
    else if (code === decimal && fraction && scale === -1) scale = 0;
    else return undefined;
  }
  if (digits === 0 || digits > 15) return undefined;
  const value = scale > 0 ? mantissa / POWERS[scale] : mantissa;
  return negative ? -value : value;
}
