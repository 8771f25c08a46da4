/**
 * A seeded generator of realistic audit trails, for fixtures, tests and
 * benchmarks.
 *
 * A trail starts and ends with a file token as auditd writes them (the
 * leading one with an empty name, the closing one naming the trail
 * `/var/audit/<start>.<end>`), and between them records in roughly the mix
 * of a busy macOS host (the corpus's mix-small): execve/posix_spawn with
 * arguments, environment, paths and attributes; open/close; connect, accept
 * and bind with four kinds of socket token; login, logout, su, sudo; setuid,
 * exit, kill, mmap, file system changes, System V IPC; 4-25% failures;
 * header32 with some header32_ex (IPv4 and IPv6 hosts); optionally Apple
 * identity tokens.
 *
 * Speed: per seed a pool of {@link POOL_SIZE} records is built once with the
 * encoder; the trail is then a seeded walk over the pool, copying each record
 * and patching its header time. Same seed and options, same bytes.
 *
 * @module
 */

import type { Token } from "../gen/token-types";
import { encodeRecord } from "../wire/encoder";
import { type SubjectInput, tokens } from "../wire/token-builders";

// ---------------------------------------------------------------- PRNG

/** mulberry32: a small, fast, seeded 32-bit PRNG. Same seed, same sequence. */
export class Prng {
  private s: number;

  /** @param seed - any integer (taken modulo 2^32). */
  constructor(seed: number) {
    this.s = seed >>> 0;
  }

  /** Next unsigned 32-bit value. */
  next(): number {
    this.s = (this.s + 0x6d2b79f5) | 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** An integer in `[0, n)`. */
  int(n: number): number {
    return Math.floor((this.next() / 0x100000000) * n);
  }

  /** An integer in `[lo, hi]`. */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() / 0x100000000 < p;
  }

  /** A random element. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** `n` random bytes. */
  bytes(n: number): Uint8Array {
    const b = new Uint8Array(n);
    for (let i = 0; i < n; i++) b[i] = this.next() & 0xff;
    return b;
  }
}

// ---------------------------------------------------------------- options

/** Options of {@link generateTrail} and {@link generateTrailChunks}. */
export interface GenerateOptions {
  /** PRNG seed: the same seed and options give the same bytes. */
  seed: number;
  /**
   * Number of records between the two file tokens. When `bytes` is also
   * given, generation stops at whichever limit comes first.
   * @defaultValue 1000 (when `bytes` is not given either)
   */
  records?: number;
  /**
   * Size limit of the whole trail in bytes: records are added while the
   * trail (closing file token included) stays within it.
   */
  bytes?: number;
  /**
   * Add macOS identity tokens (0xED) to exec records, as macOS 10.15+ writes.
   * @defaultValue false
   */
  apple?: boolean;
  /**
   * Time of the leading file token and first record, as a Date or
   * milliseconds since the epoch.
   * @defaultValue 2024-03-01T06:45:42.543Z
   */
  startTime?: number | Date;
  /**
   * Size of the chunks {@link generateTrailChunks} yields (at least 64 KiB).
   * @defaultValue 1 MiB
   */
  chunkBytes?: number;
}

/** Default start time: 2024-03-01T06:45:42.543Z (the corpus's mix-small). */
export const DEFAULT_START_TIME = Date.UTC(2024, 2, 1, 6, 45, 42, 543);

/** Number of distinct records per seed. */
export const POOL_SIZE = 4096;

// ---------------------------------------------------------------- vocabulary

const EV = {
  exit: 1,
  unlink: 6,
  chmod: 10,
  kill: 15,
  execve: 23,
  connect: 32,
  accept: 33,
  bind: 34,
  rename: 42,
  mkdir: 47,
  open_r: 72,
  open_wc: 77,
  open_rw: 80,
  open_rwc: 81,
  open_rwtc: 83,
  msgget: 88,
  close: 112,
  setuid: 200,
  mmap: 210,
  seteuid: 215,
  openat_r: 270,
  openat_rwc: 279,
  login: 6152,
  logout: 6153,
  su: 6159,
  openssh: 32800,
  ptrace: 43002,
  sysctl: 43021,
  posix_spawn: 43190,
  sudo: 45028,
} as const;

/** BSM error numbers (audit_errno.h). */
const E = {
  EPERM: 1,
  ENOENT: 2,
  ESRCH: 3,
  EBADF: 9,
  EACCES: 13,
  EEXIST: 17,
  ENOTDIR: 20,
  EISDIR: 21,
  EADDRINUSE: 125,
  ENETUNREACH: 128,
  ETIMEDOUT: 145,
  ECONNREFUSED: 146,
} as const;

const PROGRAMS: readonly { path: string; argv: readonly (readonly string[])[] }[] = [
  { path: "/bin/ls", argv: [["ls", "-la", "/tmp"], ["ls"], ["ls", "-l", "/Users/alice"]] },
  { path: "/usr/bin/env", argv: [["env"]] },
  {
    path: "/usr/bin/sudo",
    argv: [
      ["sudo", "-u", "root", "launchctl"],
      ["sudo", "-i"],
    ],
  },
  { path: "/usr/bin/ssh", argv: [["ssh", "-p", "2222", "alice@build.example.org"]] },
  { path: "/usr/bin/curl", argv: [["curl", "-fsSL", "https://example.com/a?b=1&c=2"]] },
  { path: "/usr/bin/python3", argv: [["python3", "-m", "http.server", "8080"]] },
  { path: "/usr/bin/find", argv: [["find", "/Users/alice", "-name", "*.swp"]] },
  {
    path: "/usr/bin/git",
    argv: [
      ["git", "status", "--short"],
      ["git", "commit", "-m", 'fix: handle "quoted", commas & <angles>'],
    ],
  },
  {
    path: "/bin/echo",
    argv: [
      ["echo", "", "tab\there"],
      ["echo", "hello, world"],
    ],
  },
  { path: "/usr/bin/touch", argv: [["touch", "/Users/alice/Documents/résumé.pdf"]] },
  { path: "/bin/zsh", argv: [["-zsh"], ["zsh", "-c", "make -j8"]] },
  {
    path: "/usr/bin/make",
    argv: [
      ["make", "-j8"],
      ["make", "install", "PREFIX=/usr/local"],
    ],
  },
  { path: "/usr/sbin/sysctl", argv: [["sysctl", "-n", "hw.ncpu"]] },
  { path: "/usr/local/bin/node", argv: [["node", "server.js", "--port=3000"]] },
];

const ENV: readonly string[] = [
  "PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin",
  "HOME=/Users/alice",
  "USER=alice",
  "LOGNAME=alice",
  "SHELL=/bin/zsh",
  "TERM=xterm-256color",
  "LANG=en_US.UTF-8",
  "LC_ALL=",
  "PWD=/Users/alice/src",
  "OLDPWD=/Users/alice",
  "TMPDIR=/var/folders/xy/abc123/T/",
  "EDITOR=vim",
  "__CF_USER_TEXT_ENCODING=0x1F5:0x0:0x0",
  "SSH_AUTH_SOCK=/private/tmp/com.apple.launchd.XyZ/Listeners",
];

const FILES: readonly string[] = [
  "/etc/passwd",
  "/etc/hosts",
  "/dev/null",
  "/tmp/tmp.XXXXXX",
  "/usr/lib/libSystem.B.dylib",
  "/private/etc/ssl/cert.pem",
  "/System/Library/CoreServices/SystemVersion.plist",
  "/Users/alice/.zshrc",
  "/Users/alice/src/project/main.c",
  "/Users/alice/Documents/résumé.pdf",
  "/Users/alice/with,comma and space.txt",
  `/Users/alice/<xml&chars>"'.txt`,
  "/Users/bob/Library/Preferences/com.example.plist",
  "/var/log/system.log",
];

const SOCKETS: readonly string[] = [
  "/var/run/mDNSResponder",
  "/private/var/run/syslog",
  "/tmp/.X11-unix/X0",
  "/private/tmp/com.apple.launchd.XyZ/Listeners",
];

const SYSCTLS: readonly string[] = ["kern.hostname", "hw.ncpu", "kern.osversion", "vm.swapusage"];

/** uid, gid pairs: root, alice, bob, a service account, nobody. */
const USERS: readonly (readonly [number, number])[] = [
  [501, 20],
  [501, 20],
  [501, 20],
  [0, 0],
  [502, 20],
  [1001, 80],
  [-2, -2],
];

// ---------------------------------------------------------------- recipes

interface Ctx {
  r: Prng;
  apple: boolean;
}

function subjectInput(r: Prng): SubjectInput {
  const [uid, gid] = r.pick(USERS);
  const su = r.chance(0.3);
  return {
    auid: r.chance(0.1) ? -1 : uid,
    euid: su ? 0 : uid,
    egid: r.chance(0.2) ? 0 : gid,
    ruid: uid,
    rgid: gid,
    pid: r.range(100, 99999),
    sid: r.chance(0.1) ? 0 : r.range(100000, 104999),
    port: r.chance(0.5) ? 0 : r.range(0x10000000, 0x100000ff),
    address: r.chance(0.6) ? "0.0.0.0" : `192.168.1.${r.range(1, 254)}`,
  };
}

function subject(r: Prng): Token {
  if (r.chance(0.8)) return tokens.subject32(subjectInput(r));
  const s = subjectInput(r);
  if (r.chance(0.3)) s.address = `2001:db8::${(0xb00 + r.int(0x100)).toString(16)}`;
  return tokens.subject32_ex(s);
}

function attr(r: Prng, exec: boolean): Token {
  if (exec) {
    return tokens.attr32({
      mode: 0o100755,
      uid: 0,
      gid: 0,
      fsid: 16777220,
      nodeId: r.range(100000, 40000000),
      device: 0,
    });
  }
  const [uid, gid] = r.pick(USERS);
  return tokens.attr32({
    mode: r.pick([0o100644, 0o100644, 0o100600, 0o100755, 0o20666]),
    uid,
    gid,
    fsid: r.pick([16777220, 16777221, 16777222]),
    nodeId: r.range(100000, 40000000),
    device: r.chance(0.7) ? 16777220 : 0,
  });
}

function fail(r: Prng, errnos: readonly number[]): Token {
  return tokens.return32(r.pick(errnos), -1);
}

function identity(r: Prng, path: string): Token {
  const name = path.slice(path.lastIndexOf("/") + 1);
  const platform = path.startsWith("/bin/") || path.startsWith("/usr/");
  return tokens.identity({
    signerType: platform ? 1 : 0,
    signingId: platform ? `com.apple.${name}` : `org.example.${name}`,
    teamId: platform ? "" : "ABCDE12345",
    cdhash: r.bytes(20),
  });
}

function execRecord(c: Ctx, failRate: number): Token[] {
  const { r } = c;
  const prog = r.pick(PROGRAMS);
  const out: Token[] = [tokens.exec_args(r.pick(prog.argv))];
  if (r.chance(0.5)) {
    const env: string[] = [];
    const n = r.range(2, 12);
    for (let i = 0; i < n; i++) env.push(r.pick(ENV));
    out.push(tokens.exec_env(env));
  }
  if (r.chance(failRate)) {
    out.push(tokens.path(prog.path), subject(r), fail(r, [E.EACCES, E.ENOENT]));
  } else {
    out.push(
      tokens.path(prog.path),
      tokens.path(prog.path),
      attr(r, true),
      subject(r),
      tokens.return32(0, 0),
    );
  }
  if (c.apple) out.push(identity(r, prog.path));
  return out;
}

function openRecord(c: Ctx): { event: number; body: Token[] } {
  const { r } = c;
  const event = r.pick([
    EV.open_r,
    EV.open_r,
    EV.openat_r,
    EV.open_rwtc,
    EV.open_wc,
    EV.open_rw,
    EV.open_rwc,
    EV.openat_rwc,
  ]);
  const body: Token[] = [tokens.arg32(2, r.pick([0x0, 0x1, 0x2, 0x601, 0x1000000]), "flags")];
  if (r.chance(0.3)) body.push(tokens.arg32(3, 0o644, "mode"));
  body.push(tokens.path(r.pick(FILES)));
  if (r.chance(0.15)) {
    body.push(subject(r), fail(r, [E.ENOENT, E.EACCES, E.EISDIR, E.ENOTDIR, E.EPERM]));
  } else {
    body.push(attr(r, false), subject(r), tokens.return32(0, r.range(3, 63)));
  }
  return { event, body };
}

function socketToken(r: Prng): Token {
  const k = r.int(100);
  if (k < 62) {
    return tokens.sockinet32({
      port: r.pick([22, 80, 443, 993, 8080, 53, 65535]),
      address: r.chance(0.2) ? "127.0.0.1" : `93.184.216.${r.range(1, 254)}`,
    });
  }
  if (k < 77) {
    return tokens.sockinet128({
      port: r.pick([443, 22, 8443]),
      address: `2001:db8::${(0xb00 + r.int(0x100)).toString(16)}`,
    });
  }
  if (k < 90) return tokens.sockunix({ path: r.pick(SOCKETS) });
  const v6 = r.chance(0.3);
  return tokens.socket_ex({
    domain: v6 ? 26 : 2,
    socketType: r.pick([1, 2]),
    localPort: r.range(49152, 65535),
    localAddress: v6 ? "2001:db8::5" : "192.168.1.5",
    remotePort: r.pick([443, 8080, 53]),
    remoteAddress: v6 ? "2001:db8::8888" : "8.8.8.8",
  });
}

type Recipe = (c: Ctx) => { event: number; body: Token[] };

const RECIPES: readonly (readonly [number, Recipe])[] = [
  [274, (c) => ({ event: EV.execve, body: execRecord(c, 0.04) })],
  [31, (c) => ({ event: EV.posix_spawn, body: execRecord(c, 0.04) })],
  [225, openRecord],
  [
    114,
    ({ r }) => {
      const fd = tokens.arg32(1, r.range(3, 63), "fd");
      if (r.chance(0.03)) return { event: EV.close, body: [fd, subject(r), fail(r, [E.EBADF])] };
      const body = [
        fd,
        tokens.path(r.pick(FILES)),
        attr(r, false),
        subject(r),
        tokens.return32(0, 0),
      ];
      return { event: EV.close, body };
    },
  ],
  [
    111,
    ({ r }) => {
      const event = r.pick([EV.connect, EV.connect, EV.accept, EV.bind]);
      const body = [tokens.arg32(1, r.range(3, 63), "fd"), socketToken(r), subject(r)];
      if (r.chance(0.11)) {
        const errnos =
          event === EV.bind
            ? [E.EADDRINUSE, E.EACCES]
            : [E.ECONNREFUSED, E.ETIMEDOUT, E.ENETUNREACH];
        body.push(fail(r, errnos));
      } else {
        body.push(tokens.return32(0, event === EV.accept ? r.range(3, 63) : 0));
      }
      return { event, body };
    },
  ],
  [
    43,
    ({ r }) => ({
      event: EV.exit,
      body: [tokens.exit(0, r.pick([0, 0, 0, 1, 2, 126, 127])), subject(r), tokens.return32(0, 0)],
    }),
  ],
  [
    31,
    ({ r }) => {
      const addr = 0x7ff800000000n + BigInt(r.int(0x8000000)) * 0x1000n;
      return {
        event: EV.mmap,
        body: [
          tokens.arg64(1, addr, "addr"),
          tokens.arg64(2, BigInt(r.range(1, 4096) * 4096), "len"),
          tokens.arg32(3, r.pick([1, 3, 5]), "prot"),
          tokens.arg32(4, 0x1002, "flags"),
          subject(r),
          tokens.return64(0, addr),
        ],
      };
    },
  ],
  [
    38,
    ({ r }) => {
      const event = r.chance(0.6) ? EV.setuid : EV.seteuid;
      const ok = !r.chance(0.25);
      return {
        event,
        body: [
          tokens.arg32(1, r.pick([0, 501, 502, 0xfffe]), "uid"),
          subject(r),
          ok ? tokens.return32(0, 0) : fail(r, [E.EPERM]),
        ],
      };
    },
  ],
  [
    20,
    ({ r }) => {
      const target = subjectInput(r);
      return {
        event: EV.kill,
        body: [
          tokens.arg32(2, r.pick([9, 15, 1, 2]), "signal"),
          r.chance(0.75) ? tokens.process32(target) : tokens.process32_ex(target),
          subject(r),
          r.chance(0.1) ? fail(r, [E.ESRCH, E.EPERM]) : tokens.return32(0, 0),
        ],
      };
    },
  ],
  [
    37,
    ({ r }) => {
      const event = r.pick([EV.chmod, EV.unlink, EV.mkdir]);
      const body: Token[] = [];
      if (event !== EV.unlink) {
        body.push(tokens.arg32(2, r.pick([0o644, 0o755, 0o600]), "new file mode"));
      }
      body.push(tokens.path(r.pick(FILES)));
      if (r.chance(0.1)) body.push(subject(r), fail(r, [E.ENOENT, E.EACCES, E.EEXIST]));
      else body.push(attr(r, false), subject(r), tokens.return32(0, 0));
      return { event, body };
    },
  ],
  [
    11,
    ({ r }) => ({
      event: EV.rename,
      body: [
        tokens.path(r.pick(FILES)),
        attr(r, false),
        tokens.path("/tmp/tmp.XXXXXX"),
        subject(r),
        r.chance(0.07) ? fail(r, [E.ENOENT, E.EACCES]) : tokens.return32(0, 0),
      ],
    }),
  ],
  [
    10,
    ({ r }) => {
      const id = r.range(65536, 65700);
      return {
        event: EV.msgget,
        body: [
          tokens.arg32(1, id, "msg ID"),
          tokens.ipc(1, id),
          tokens.ipc_perm({
            uid: 501,
            gid: 20,
            creatorUid: 501,
            creatorGid: 20,
            mode: 0o600,
            sequence: r.range(0, 99),
            key: r.range(20000, 21000),
          }),
          subject(r),
          tokens.return32(0, id),
        ],
      };
    },
  ],
  [
    38,
    ({ r }) => {
      const event = r.pick([EV.login, EV.login, EV.openssh, EV.openssh, EV.su, EV.sudo, EV.logout]);
      const user = r.pick(["alice", "bob", "root"]);
      const ok = !r.chance(0.2);
      const s = subjectInput(r);
      if (r.chance(0.3)) s.address = `2001:db8::${(0xb00 + r.int(0x100)).toString(16)}`;
      const text =
        event === EV.logout
          ? `logout ${user}`
          : ok
            ? `successful authentication for ${user}`
            : `authentication failed for ${user}`;
      return {
        event,
        body: [
          tokens.subject32_ex(s),
          tokens.text(text),
          ok ? tokens.return32(0, 0) : tokens.return32(E.EPERM, -1),
        ],
      };
    },
  ],
  [
    9,
    ({ r }) => ({
      event: EV.sysctl,
      body: [
        tokens.arg32(1, r.pick([1, 6, 65]), "name"),
        tokens.text(r.pick(SYSCTLS)),
        subject(r),
        tokens.return32(0, 0),
      ],
    }),
  ],
  [
    8,
    ({ r }) => {
      const s = subjectInput(r);
      return {
        event: EV.ptrace,
        body: [
          tokens.newgroups([20, 12, 61, 79].slice(0, r.range(1, 4))),
          tokens.process64(s),
          tokens.subject32({ ...s, pid: (s.pid as number) - 1 }),
          r.chance(0.33) ? fail(r, [E.EPERM]) : tokens.return32(0, 0),
        ],
      };
    },
  ],
];

const TOTAL_WEIGHT = RECIPES.reduce((a, [w]) => a + w, 0);

function pickRecipe(r: Prng): Recipe {
  let k = r.int(TOTAL_WEIGHT);
  for (const [w, f] of RECIPES) {
    if (k < w) return f;
    k -= w;
  }
  return RECIPES[0][1];
}

// ---------------------------------------------------------------- pool

interface Pool {
  records: Uint8Array[];
  /** Offset of the header's seconds field in each record (milliseconds follow). */
  timeAt: Int32Array;
}

function buildPool(seed: number, apple: boolean): Pool {
  const r = new Prng(seed ^ 0x5eed5eed);
  const c: Ctx = { r, apple };
  const records: Uint8Array[] = [];
  const timeAt = new Int32Array(POOL_SIZE);
  for (let i = 0; i < POOL_SIZE; i++) {
    const { event, body } = pickRecipe(r)(c);
    const k = r.int(1000);
    let header: Token;
    if (k < 32) {
      header = tokens.header32_ex({ event, seconds: 0, address: "192.168.10.5" });
      timeAt[i] = 18;
    } else if (k < 41) {
      header = tokens.header32_ex({ event, seconds: 0, address: "2001:db8::5" });
      timeAt[i] = 30;
    } else {
      header = tokens.header32({ event, seconds: 0 });
      timeAt[i] = 10;
    }
    records.push(encodeRecord([header, ...body, tokens.trailer()], { fixSizes: true }));
  }
  return { records, timeAt };
}

// ---------------------------------------------------------------- trails

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** `YYYYMMDDhhmmss` in UTC, as auditd names trail files. */
function trailStamp(seconds: number): string {
  const d = new Date(seconds * 1000);
  return (
    `${d.getUTCFullYear()}${pad2(d.getUTCMonth() + 1)}${pad2(d.getUTCDate())}` +
    `${pad2(d.getUTCHours())}${pad2(d.getUTCMinutes())}${pad2(d.getUTCSeconds())}`
  );
}

function fileToken(seconds: number, milliseconds: number, name: string): Uint8Array {
  return encodeRecord([tokens.other_file32({ seconds, milliseconds, name })]);
}

/**
 * Generates a trail chunk by chunk, holding one chunk in memory: suitable for
 * writing trails of any size to a stream. The chunks joined are exactly
 * {@link generateTrail}'s bytes for the same options. Each yielded chunk is a
 * fresh buffer the caller may keep.
 */
export function* generateTrailChunks(options: GenerateOptions): Generator<Uint8Array, void> {
  const seed = options.seed;
  const apple = options.apple ?? false;
  const startMs =
    options.startTime === undefined
      ? DEFAULT_START_TIME
      : options.startTime instanceof Date
        ? options.startTime.getTime()
        : options.startTime;
  const maxRecords =
    options.records ?? (options.bytes === undefined ? 1000 : Number.POSITIVE_INFINITY);
  const maxBytes = options.bytes ?? Number.POSITIVE_INFINITY;
  const chunkBytes = Math.max(64 * 1024, options.chunkBytes ?? 1024 * 1024);

  const pool = buildPool(seed, apple);
  const recs = pool.records;
  const timeAt = pool.timeAt;
  const r = new Prng(seed);

  let sec = Math.floor(startMs / 1000);
  let ms = startMs - sec * 1000;
  const startSec = sec;

  const lead = fileToken(sec, ms, "");
  // The closing token's length does not depend on its times.
  const closingLen = fileToken(0, 0, `/var/audit/${trailStamp(0)}.${trailStamp(0)}`).length;
  if (lead.length + closingLen > maxBytes) {
    throw new RangeError(`a trail needs at least ${lead.length + closingLen} bytes`);
  }

  let buf = new Uint8Array(chunkBytes);
  buf.set(lead, 0);
  let pos = lead.length;
  let total = lead.length;
  const limit = maxBytes - closingLen;

  for (let n = 0; n < maxRecords; n++) {
    const i = r.next() & (POOL_SIZE - 1);
    const rec = recs[i];
    const len = rec.length;
    if (total + len > limit) break;
    if (pos + len > chunkBytes) {
      yield buf.subarray(0, pos);
      buf = new Uint8Array(chunkBytes);
      pos = 0;
    }
    buf.set(rec, pos);
    const t = pos + timeAt[i];
    buf[t] = sec >>> 24;
    buf[t + 1] = (sec >>> 16) & 0xff;
    buf[t + 2] = (sec >>> 8) & 0xff;
    buf[t + 3] = sec & 0xff;
    buf[t + 6] = ms >>> 8;
    buf[t + 7] = ms & 0xff;
    pos += len;
    total += len;
    ms += r.next() % 5;
    if (ms >= 1000) {
      ms -= 1000;
      sec++;
    }
  }

  const closing = fileToken(sec, ms, `/var/audit/${trailStamp(startSec)}.${trailStamp(sec)}`);
  if (pos + closing.length > chunkBytes) {
    yield buf.subarray(0, pos);
    buf = new Uint8Array(closing.length);
    pos = 0;
  }
  buf.set(closing, pos);
  pos += closing.length;
  yield buf.subarray(0, pos);
}

/** Generates a whole trail in memory; see {@link generateTrailChunks}. */
export function generateTrail(options: GenerateOptions): Uint8Array {
  const chunks = [...generateTrailChunks(options)];
  if (chunks.length === 1) return chunks[0].slice();
  let n = 0;
  for (const c of chunks) n += c.length;
  const out = new Uint8Array(n);
  let p = 0;
  for (const c of chunks) {
    out.set(c, p);
    p += c.length;
  }
  return out;
}
