/**
 * A growable big-endian byte buffer: what the encoder writes tokens into.
 *
 * @module
 */

/**
 * A growable big-endian byte buffer. Integer writers check their range and
 * throw a `RangeError` rather than truncate.
 */
export class ByteWriter {
  private buf: Uint8Array;
  private view: DataView;
  /** Write position: the number of bytes written. */
  pos = 0;

  /** @param initialCapacity - bytes to allocate up front (grows by doubling). */
  constructor(initialCapacity = 256) {
    this.buf = new Uint8Array(Math.max(16, initialCapacity));
    this.view = new DataView(this.buf.buffer);
  }

  /** Number of bytes written. */
  get length(): number {
    return this.pos;
  }

  /** Makes room for `n` more bytes. */
  ensure(n: number): void {
    const need = this.pos + n;
    if (need <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < need) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  /** Writes an unsigned byte. */
  u8(v: number): void {
    checkUint(v, 0xff);
    this.ensure(1);
    this.buf[this.pos++] = v;
  }

  /** Writes an unsigned 16-bit integer. */
  u16(v: number): void {
    checkUint(v, 0xffff);
    this.ensure(2);
    this.view.setUint16(this.pos, v);
    this.pos += 2;
  }

  /** Writes an unsigned 32-bit integer. */
  u32(v: number): void {
    checkUint(v, 0xffffffff);
    this.ensure(4);
    this.view.setUint32(this.pos, v);
    this.pos += 4;
  }

  /** Writes an unsigned 64-bit integer. */
  u64(v: bigint): void {
    if (typeof v !== "bigint" || v < 0n || v > 0xffffffffffffffffn) {
      throw new RangeError(`not an unsigned 64-bit bigint: ${String(v)}`);
    }
    this.ensure(8);
    this.view.setBigUint64(this.pos, v);
    this.pos += 8;
  }

  /** Writes raw bytes. */
  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  /** Overwrites the 16-bit integer at `at` (already written). */
  patchU16(at: number, v: number): void {
    checkUint(v, 0xffff);
    if (at < 0 || at + 2 > this.pos) throw new RangeError(`patch outside written bytes: ${at}`);
    this.view.setUint16(at, v);
  }

  /** Overwrites the 32-bit integer at `at` (already written). */
  patchU32(at: number, v: number): void {
    checkUint(v, 0xffffffff);
    if (at < 0 || at + 4 > this.pos) throw new RangeError(`patch outside written bytes: ${at}`);
    this.view.setUint32(at, v);
  }

  /** A view of the bytes written so far; valid until the next write or {@link reset}. */
  bytesView(): Uint8Array {
    return this.buf.subarray(0, this.pos);
  }

  /** A copy of the bytes written so far. */
  toUint8Array(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }

  /** Forgets what was written (keeps the allocation). */
  reset(): void {
    this.pos = 0;
  }
}

function checkUint(v: number, max: number): void {
  if (!(Number.isInteger(v) && v >= 0 && v <= max)) {
    throw new RangeError(`integer out of range 0..${max}: ${v}`);
  }
}
