/**
 * Address and UUID text forms.
 *
 * @module
 */

const HEX2: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

// Direct-mapped cache of IPv4 texts: trails repeat a handful of addresses,
// and a hit is cheaper than building the string (bench/run.ts,
// "decodeRecords buffer" case). 4096 entries keep it within L1/L2.
const V4_CACHE_SIZE = 4096;
const v4Keys = new Int32Array(V4_CACHE_SIZE).fill(-1);
const v4Texts: string[] = new Array<string>(V4_CACHE_SIZE).fill("");

/** Dotted-quad text of the 4 bytes at `p`. */
export function ipv4Text(b: Uint8Array, p: number): string {
  const key = (b[p] << 24) | (b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3];
  const slot = (key ^ (key >>> 12) ^ (key >>> 24)) & (V4_CACHE_SIZE - 1);
  if (v4Keys[slot] === key && key !== -1) return v4Texts[slot];
  const text = `${b[p]}.${b[p + 1]}.${b[p + 2]}.${b[p + 3]}`;
  v4Keys[slot] = key;
  v4Texts[slot] = text;
  return text;
}

// Direct-mapped cache of IPv6 texts, as for IPv4: building the RFC 5952
// text was 7% of a full decode (bench/run.ts, "decodeRecords buffer" case,
// CPU profile); 1024 entries of 16 key bytes stay within L1/L2.
const V6_CACHE_SIZE = 1024;
const v6Keys = new Int32Array(V6_CACHE_SIZE * 4);
const v6Set = new Uint8Array(V6_CACHE_SIZE);
const v6Texts: string[] = new Array<string>(V6_CACHE_SIZE).fill("");

/** RFC 5952 text of the 16 bytes at `p` (IPv4-mapped addresses as `::ffff:a.b.c.d`). */
export function ipv6Text(b: Uint8Array, p: number): string {
  const k0 = (b[p] << 24) | (b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3];
  const k1 = (b[p + 4] << 24) | (b[p + 5] << 16) | (b[p + 6] << 8) | b[p + 7];
  const k2 = (b[p + 8] << 24) | (b[p + 9] << 16) | (b[p + 10] << 8) | b[p + 11];
  const k3 = (b[p + 12] << 24) | (b[p + 13] << 16) | (b[p + 14] << 8) | b[p + 15];
  let h = Math.imul(k0 ^ k1, 0x9e3779b1) ^ Math.imul(k2 ^ k3, 0x85ebca6b);
  h = (h ^ (h >>> 15) ^ (h >>> 22)) & (V6_CACHE_SIZE - 1);
  const o = h << 2;
  if (
    v6Set[h] === 1 &&
    v6Keys[o] === k0 &&
    v6Keys[o + 1] === k1 &&
    v6Keys[o + 2] === k2 &&
    v6Keys[o + 3] === k3
  ) {
    return v6Texts[h];
  }
  const text = ipv6Build(b, p);
  v6Keys[o] = k0;
  v6Keys[o + 1] = k1;
  v6Keys[o + 2] = k2;
  v6Keys[o + 3] = k3;
  v6Set[h] = 1;
  v6Texts[h] = text;
  return text;
}

function ipv6Build(b: Uint8Array, p: number): string {
  const w = [0, 0, 0, 0, 0, 0, 0, 0];
  for (let i = 0; i < 8; i++) w[i] = (b[p + 2 * i] << 8) | b[p + 2 * i + 1];
  if (w[0] === 0 && w[1] === 0 && w[2] === 0 && w[3] === 0 && w[4] === 0 && w[5] === 0xffff) {
    return `::ffff:${ipv4Text(b, p + 12)}`;
  }
  // Longest run of at least two zero words, first one on a tie.
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (w[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && w[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (bestStart < 0) return w.map((x) => x.toString(16)).join(":");
  const head = w
    .slice(0, bestStart)
    .map((x) => x.toString(16))
    .join(":");
  const tail = w
    .slice(bestStart + bestLen)
    .map((x) => x.toString(16))
    .join(":");
  return `${head}::${tail}`;
}

/** Text of an address of type 4 (IPv4) or 16 (IPv6). */
export function addressText(b: Uint8Array, p: number, type: number): string {
  return type === 16 ? ipv6Text(b, p) : ipv4Text(b, p);
}

/** Lowercase hex of `len` bytes at `p`. */
export function hexOf(b: Uint8Array, p = 0, len = b.length - p): string {
  let s = "";
  for (let i = 0; i < len; i++) s += HEX2[b[p + i]];
  return s;
}

/** Canonical 8-4-4-4-12 text of the 16 bytes at `p`. */
export function uuidText(b: Uint8Array, p: number): string {
  const h = hexOf(b, p, 16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
