/** go-units sizes, as the docker CLI prints SIZE columns. */

const UNITS = ["B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"];

/** Go's `%.<p>g`: `p` significant digits, no trailing zeros, exponent form from 10^p on. */
function goG(value: number, precision: number): string {
  if (value === 0) return "0";
  const exp = Math.floor(Math.log10(Math.abs(value)));
  const fixed = Number(value.toPrecision(precision));
  const realExp = Math.floor(Math.log10(Math.abs(fixed)));
  if (realExp >= precision || exp < -4) {
    const mantissa = Number((fixed / 10 ** realExp).toPrecision(precision)).toString();
    return `${mantissa}e${realExp < 0 ? "-" : "+"}${String(Math.abs(realExp)).padStart(2, "0")}`;
  }
  return fixed.toString();
}

/**
 * go-units `HumanSizeWithPrecision` (decimal units), what SIZE columns print.
 * @example humanSize(1984738) // "1.98MB"
 */
export function humanSize(bytes: number, precision = 3): string {
  let size = bytes;
  let i = 0;
  while (size >= 1000 && i < UNITS.length - 1) {
    size /= 1000;
    i++;
  }
  return `${goG(size, precision)}${UNITS[i]}`;
}
