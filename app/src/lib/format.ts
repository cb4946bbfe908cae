// Exact formatting of the contracts' numbers: amounts (Uint128, an asset's smallest unit),
// values (Uint128, the quote currency's smallest unit), ratios (Decimal) and prices
// (Decimal256, quote smallest units per asset smallest unit), with bigint arithmetic only.

const SCALE = 18;
const ONE = 10n ** BigInt(SCALE);

/** A decimal string ("1.25", "10") as a bigint scaled by 10^18 (extra digits cut). */
export function dec(s: string): bigint {
  const m = /^(\d+)(?:\.(\d*))?$/.exec(s.trim());
  if (!m) throw new RangeError(`not a decimal: ${JSON.stringify(s)}`);
  const frac = (m[2] ?? "").slice(0, SCALE).padEnd(SCALE, "0");
  return BigInt(m[1]!) * ONE + BigInt(frac);
}

function group(int: bigint): string {
  return int.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** `n / 10^scale` with `digits` fraction digits, rounded half up, grouped in thousands. */
export function fixed(n: bigint, scale: number, digits: number, trim = false): string {
  const neg = n < 0n;
  let v = neg ? -n : n;
  if (scale > digits) {
    const cut = 10n ** BigInt(scale - digits);
    v = (v + cut / 2n) / cut;
  } else {
    v = v * 10n ** BigInt(digits - scale);
  }
  const unit = 10n ** BigInt(digits);
  let frac = digits > 0 ? (v % unit).toString().padStart(digits, "0") : "";
  if (trim) frac = frac.replace(/0+$/, "");
  const s = group(v / unit) + (frac ? "." + frac : "");
  return neg ? "−" + s : s;
}

/** An asset amount in whole tokens, e.g. "1,234.5" (at most 6 fraction digits, zeros trimmed). */
export function amount(base: string | bigint, decimals: number): string {
  const n = typeof base === "bigint" ? base : BigInt(base);
  return fixed(n, decimals, Math.min(decimals, 6), true);
}

/** A value in whole quote units with 2 decimals, e.g. "1,234.56". */
export function value(base: string | bigint, quoteDecimals: number): string {
  const n = typeof base === "bigint" ? base : BigInt(base);
  return fixed(n, quoteDecimals, 2);
}

/** A Decimal ratio as a percentage, e.g. "65.00 %". */
export function percent(ratio: string | null | undefined, digits = 2): string {
  if (ratio == null) return "—";
  return `${fixed(dec(ratio) * 100n, SCALE, digits)} %`;
}

/** A health factor, cut (never rounded up) to 2 decimals; `null` (no debt) is "∞". */
export function health(hf: string | null | undefined): string {
  if (hf == null) return "∞";
  const v = dec(hf);
  const cut = ONE / 100n;
  return fixed((v / cut) * cut, SCALE, 2);
}

/** A plain Decimal with `digits` decimals (leverage, bonus). */
export function ratio(d: string | null | undefined, digits = 2): string {
  if (d == null) return "—";
  return fixed(dec(d), SCALE, digits);
}

/**
 * An oracle price (quote smallest units per asset smallest unit) per whole token, in whole quote
 * units: price · 10^(decimals − quoteDecimals), with 4 significant fraction digits at least.
 */
export function price(p: string, decimals: number, quoteDecimals: number): string {
  let v = dec(p);
  const shift = decimals - quoteDecimals;
  if (shift >= 0) v *= 10n ** BigInt(shift);
  else v /= 10n ** BigInt(-shift);
  // 2 decimals at least, up to 4 (6 below 1), trailing zeros beyond the second cut
  const digits = v >= ONE * 100n ? 2 : v >= ONE ? 4 : 6;
  const s = fixed(v, SCALE, digits);
  return s.replace(/(\.\d\d\d*?)0+$/, "$1");
}

/**
 * Whole tokens typed by a user ("12.5") as the asset's smallest unit; an error message when the
 * text is not a positive amount with at most `decimals` fraction digits.
 */
export function parseAmount(text: string, decimals: number): bigint | string {
  const t = text.trim().replace(/[,_\s]/g, "");
  if (t === "") return "enter an amount";
  const m = /^(\d*)(?:\.(\d*))?$/.exec(t);
  if (!m || (m[1] === "" && (m[2] ?? "") === "")) return "not a number";
  const frac = m[2] ?? "";
  if (frac.length > decimals) return `at most ${decimals} decimals`;
  const n = BigInt(m[1] || "0") * 10n ** BigInt(decimals) + BigInt(frac.padEnd(decimals, "0") || "0");
  if (n === 0n) return "the amount must be more than zero";
  return n;
}

/** Smallest units as the plain text a user would type back ("12.5"). */
export function plain(base: string | bigint, decimals: number): string {
  return fixed(typeof base === "bigint" ? base : BigInt(base), decimals, decimals, true).replace(/,/g, "");
}

/** Short form of an address: wasm1abcd…wxyz. */
export function shortAddr(a: string): string {
  return a.length > 20 ? `${a.slice(0, 10)}…${a.slice(-6)}` : a;
}
