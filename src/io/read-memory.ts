/**
 * Memory that reads land in.
 *
 * Where a read's destination sits within a 4 KiB page decides how fast
 * the kernel copies the file's cached pages into it on this host (AMD
 * EPYC): sequential reads of the 1 GiB bench trail into a page-aligned
 * destination ran at 1.5-1.9 GB/s, into the same memory 16 to 2,048 bytes
 * past a page boundary at 6-7.5 GB/s, at every read size from 64 KiB to
 * 1 MiB (`readSync` into a large `Uint8Array` at offset 0 / 16 / 64 /
 * 2048: 514-667 ms against 135-195 ms per GiB, most of it system time).
 * The page-aligned case is what a large `new Uint8Array(n)` gives, and
 * what `bsm-trail reduce` read into (its system time fell from 0.8-1.0 s
 * to 0.3-0.4 s per GiB when its reads moved 64 bytes on).
 *
 * @module
 */

/**
 * Bytes between a page boundary and where a read lands: one cache line, so
 * the destination stays 64-byte aligned (measured above; any offset from 16
 * to 2,048 ran as fast).
 */
export const READ_SKEW_BYTES = 64;

/**
 * `n` bytes of fresh, uninitialised memory to read into, starting
 * {@link READ_SKEW_BYTES} into its allocation (never at a page boundary
 * when the allocation is page-aligned), so that a consumer may keep them.
 */
export function readMemory(n: number): Uint8Array {
  const raw = Buffer.allocUnsafeSlow(n + READ_SKEW_BYTES);
  return new Uint8Array(raw.buffer, raw.byteOffset + READ_SKEW_BYTES, n);
}
