/**
 * go-units, as the docker CLI (and Compose) prints sizes and durations: the shell's tables, compose's
 * and the room page's panels share them.
 */

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

const BINARY = ["B", "KiB", "MiB", "GiB", "TiB"];

/**
 * go-units `BytesSize`: binary units, four significant digits.
 * @example bytesSize(67108864) // "64MiB"
 */
export function bytesSize(n: number): string {
  let v = n;
  let i = 0;
  while (v >= 1024 && i < BINARY.length - 1) {
    v /= 1024;
    i++;
  }
  return `${Number(v.toPrecision(4))}${BINARY[i]}`;
}

/**
 * go-units HumanDuration, the wording of CREATED and STATUS.
 * @example humanDuration(90_000) // "About a minute"
 */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < 1) return "Less than a second";
  if (seconds === 1) return "1 second";
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.trunc(seconds / 60);
  if (minutes === 1) return "About a minute";
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.trunc(ms / 3_600_000 + 0.5);
  if (hours === 1) return "About an hour";
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.trunc(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.trunc(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24 / 30)} months`;
  return `${Math.trunc(ms / 3_600_000 / 24 / 365)} years`;
}
