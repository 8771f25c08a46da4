/**
 * The status text of `return` tokens, as `praudit` prints it.
 *
 * A return token carries a BSM error number (one byte, Solaris numbering with
 * OpenBSM extensions, `sys/bsm/audit_errno.h`). praudit's `print_retval`
 * converts it with `au_bsm_to_errno` (libbsm/bsm_errno.c) to the printing
 * host's errno and prints:
 *
 * - `success` when the local errno is 0 (BSM 0);
 * - `failure : <strerror(local errno)>` when the conversion succeeds;
 * - `failure: Unknown error: <status>` (no space before the colon) when the
 *   BSM number is not in libbsm's table, or when the table entry's errno is
 *   not defined on the host (`ERRNO_NO_LOCAL_MAPPING`: Solaris-only errors
 *   everywhere, Linux-only ones on BSDs, Darwin-only ones elsewhere…).
 *
 * So the text depends on the platform praudit was built for: which errno
 * constants its headers define, and its libc's `strerror` strings.
 *
 * Notes from the sources:
 * - libbsm's table has no entry for BSM 61 (ENODATA), 62 (ETIME), 63 (ENOSR)
 *   or 128 (ENETUNREACH): those, like 250 (BSM_ERRNO_UNKNOWN), always print
 *   as unknown errors. The corpus confirms `failure: Unknown error: 128`.
 * - macOS defines `ENOPOLICY`, not `EPOLICY`, so BSM 210 is unmapped there.
 * - ERESTART, EJUSTRETURN, ENOIOCTL, EDIRIOCTL are kernel-only on macOS and
 *   FreeBSD (unmapped in praudit); Linux defines ERESTART.
 * - macOS and FreeBSD share the BSD strerror texts except EBUSY (`Resource
 *   busy` / `Device busy`), EOPNOTSUPP (a separate errno on macOS, `Operation
 *   not supported on socket`), EMULTIHOP and ENOLINK (`EMULTIHOP (Reserved)`,
 *   `ENOLINK (Reserved)` on macOS; `Multihop attempted`, `Link has been
 *   severed` on FreeBSD) and EBADEXEC (`Bad executable (or shared library)`,
 *   macOS only).
 * - The Linux texts are glibc's.
 *
 * @module
 */

/**
 * The platform whose praudit is imitated: its errno definitions and its
 * libc's strerror texts. Functions taking one default to `"macos"`.
 */
export type ErrnoPlatform = "macos" | "freebsd" | "linux";

/** BSM_ERRNO_UNKNOWN: what libbsm writes for a local errno it cannot encode. */
export const BSM_ERRNO_UNKNOWN = 250;

/**
 * libbsm's BSM → local mapping table (bsm_errno.c), as BSM number and the
 * errno constant it maps to. Numbers absent from this list are unknown.
 */
const BSM_TABLE =
  "0 ESUCCESS|1 EPERM|2 ENOENT|3 ESRCH|4 EINTR|5 EIO|6 ENXIO|7 E2BIG|8 ENOEXEC|9 EBADF|" +
  "10 ECHILD|11 EAGAIN|12 ENOMEM|13 EACCES|14 EFAULT|15 ENOTBLK|16 EBUSY|17 EEXIST|18 EXDEV|" +
  "19 ENODEV|20 ENOTDIR|21 EISDIR|22 EINVAL|23 ENFILE|24 EMFILE|25 ENOTTY|26 ETXTBSY|27 EFBIG|" +
  "28 ENOSPC|29 ESPIPE|30 EROFS|31 EMLINK|32 EPIPE|33 EDOM|34 ERANGE|35 ENOMSG|36 EIDRM|" +
  "37 ECHRNG|38 EL2NSYNC|39 EL3HLT|40 EL3RST|41 ELNRNG|42 EUNATCH|43 ENOCSI|44 EL2HLT|" +
  "45 EDEADLK|46 ENOLCK|47 ECANCELED|48 ENOTSUP|49 EDQUOT|50 EBADE|51 EBADR|52 EXFULL|" +
  "53 ENOANO|54 EBADRQC|55 EBADSLT|56 EDEADLOCK|57 EBFONT|58 EOWNERDEAD|59 ENOTRECOVERABLE|" +
  "60 ENOSTR|64 ENONET|65 ENOPKG|66 EREMOTE|67 ENOLINK|68 EADV|69 ESRMNT|70 ECOMM|71 EPROTO|" +
  "72 ELOCKUNMAPPED|73 ENOTACTIVE|74 EMULTIHOP|77 EBADMSG|78 ENAMETOOLONG|79 EOVERFLOW|" +
  "80 ENOTUNIQ|81 EBADFD|82 EREMCHG|83 ELIBACC|84 ELIBBAD|85 ELIBSCN|86 ELIBMAX|87 ELIBEXEC|" +
  "88 EILSEQ|89 ENOSYS|90 ELOOP|91 ERESTART|92 ESTRPIPE|93 ENOTEMPTY|94 EUSERS|95 ENOTSOCK|" +
  "96 EDESTADDRREQ|97 EMSGSIZE|98 EPROTOTYPE|99 ENOPROTOOPT|120 EPROTONOSUPPORT|" +
  "121 ESOCKTNOSUPPORT|122 EOPNOTSUPP|123 EPFNOSUPPORT|124 EAFNOSUPPORT|125 EADDRINUSE|" +
  "126 EADDRNOTAVAIL|127 ENETDOWN|129 ENETRESET|130 ECONNABORTED|131 ECONNRESET|132 ENOBUFS|" +
  "133 EISCONN|134 ENOTCONN|143 ESHUTDOWN|144 ETOOMANYREFS|145 ETIMEDOUT|146 ECONNREFUSED|" +
  "147 EHOSTDOWN|148 EHOSTUNREACH|149 EALREADY|150 EINPROGRESS|151 ESTALE|190 EPROCLIM|" +
  "191 EBADRPC|192 ERPCMISMATCH|193 EPROGUNAVAIL|194 EPROGMISMATCH|195 EPROCUNAVAIL|" +
  "196 EFTYPE|197 EAUTH|198 ENEEDAUTH|199 ENOATTR|200 EDOOFUS|201 EJUSTRETURN|202 ENOIOCTL|" +
  "203 EDIRIOCTL|204 EPWROFF|205 EDEVERR|206 EBADEXEC|207 EBADARCH|208 ESHLIBVERS|" +
  "209 EBADMACHO|210 EPOLICY|211 EDOTDOT|212 EUCLEAN|213 ENOTNAM|214 ENAVAIL|215 EISNAM|" +
  "216 EREMOTEIO|217 ENOMEDIUM|218 EMEDIUMTYPE|219 ENOKEY|220 EKEYEXPIRED|221 EKEYREVOKED|" +
  "222 EKEYREJECTED|223 ENOTCAPABLE|224 ECAPMODE|225 EINTEGRITY";

/** strerror texts shared by macOS and FreeBSD (4.4BSD libc), by errno constant. */
const BSD_COMMON: Record<string, string> = {
  EPERM: "Operation not permitted",
  ENOENT: "No such file or directory",
  ESRCH: "No such process",
  EINTR: "Interrupted system call",
  EIO: "Input/output error",
  ENXIO: "Device not configured",
  E2BIG: "Argument list too long",
  ENOEXEC: "Exec format error",
  EBADF: "Bad file descriptor",
  ECHILD: "No child processes",
  EDEADLK: "Resource deadlock avoided",
  ENOMEM: "Cannot allocate memory",
  EACCES: "Permission denied",
  EFAULT: "Bad address",
  ENOTBLK: "Block device required",
  EEXIST: "File exists",
  EXDEV: "Cross-device link",
  ENODEV: "Operation not supported by device",
  ENOTDIR: "Not a directory",
  EISDIR: "Is a directory",
  EINVAL: "Invalid argument",
  ENFILE: "Too many open files in system",
  EMFILE: "Too many open files",
  ENOTTY: "Inappropriate ioctl for device",
  ETXTBSY: "Text file busy",
  EFBIG: "File too large",
  ENOSPC: "No space left on device",
  ESPIPE: "Illegal seek",
  EROFS: "Read-only file system",
  EMLINK: "Too many links",
  EPIPE: "Broken pipe",
  EDOM: "Numerical argument out of domain",
  ERANGE: "Result too large",
  EAGAIN: "Resource temporarily unavailable",
  EINPROGRESS: "Operation now in progress",
  EALREADY: "Operation already in progress",
  ENOTSOCK: "Socket operation on non-socket",
  EDESTADDRREQ: "Destination address required",
  EMSGSIZE: "Message too long",
  EPROTOTYPE: "Protocol wrong type for socket",
  ENOPROTOOPT: "Protocol not available",
  EPROTONOSUPPORT: "Protocol not supported",
  ESOCKTNOSUPPORT: "Socket type not supported",
  ENOTSUP: "Operation not supported",
  EPFNOSUPPORT: "Protocol family not supported",
  EAFNOSUPPORT: "Address family not supported by protocol family",
  EADDRINUSE: "Address already in use",
  EADDRNOTAVAIL: "Can't assign requested address",
  ENETDOWN: "Network is down",
  ENETRESET: "Network dropped connection on reset",
  ECONNABORTED: "Software caused connection abort",
  ECONNRESET: "Connection reset by peer",
  ENOBUFS: "No buffer space available",
  EISCONN: "Socket is already connected",
  ENOTCONN: "Socket is not connected",
  ESHUTDOWN: "Can't send after socket shutdown",
  ETOOMANYREFS: "Too many references: can't splice",
  ETIMEDOUT: "Operation timed out",
  ECONNREFUSED: "Connection refused",
  ELOOP: "Too many levels of symbolic links",
  ENAMETOOLONG: "File name too long",
  EHOSTDOWN: "Host is down",
  EHOSTUNREACH: "No route to host",
  ENOTEMPTY: "Directory not empty",
  EPROCLIM: "Too many processes",
  EUSERS: "Too many users",
  EDQUOT: "Disc quota exceeded",
  ESTALE: "Stale NFS file handle",
  EREMOTE: "Too many levels of remote in path",
  EBADRPC: "RPC struct is bad",
  ERPCMISMATCH: "RPC version wrong",
  EPROGUNAVAIL: "RPC prog. not avail",
  EPROGMISMATCH: "Program version wrong",
  EPROCUNAVAIL: "Bad procedure for program",
  ENOLCK: "No locks available",
  ENOSYS: "Function not implemented",
  EFTYPE: "Inappropriate file type or format",
  EAUTH: "Authentication error",
  ENEEDAUTH: "Need authenticator",
  EOVERFLOW: "Value too large to be stored in data type",
  ECANCELED: "Operation canceled",
  EIDRM: "Identifier removed",
  ENOMSG: "No message of desired type",
  EILSEQ: "Illegal byte sequence",
  ENOATTR: "Attribute not found",
  EBADMSG: "Bad message",
  EPROTO: "Protocol error",
  ENOTRECOVERABLE: "State not recoverable",
  EOWNERDEAD: "Previous owner died",
};

/** macOS (Darwin libc) texts and constants beyond {@link BSD_COMMON}. */
const MACOS_EXTRA: Record<string, string> = {
  EBUSY: "Resource busy",
  EOPNOTSUPP: "Operation not supported on socket",
  EMULTIHOP: "EMULTIHOP (Reserved)",
  ENOLINK: "ENOLINK (Reserved)",
  ENOSTR: "Not a STREAM",
  EPWROFF: "Device power is off",
  EDEVERR: "Device error",
  EBADEXEC: "Bad executable (or shared library)",
  EBADARCH: "Bad CPU type in executable",
  ESHLIBVERS: "Shared library version mismatch",
  EBADMACHO: "Malformed Mach-o file",
};

/** FreeBSD libc texts and constants beyond {@link BSD_COMMON}. */
const FREEBSD_EXTRA: Record<string, string> = {
  EBUSY: "Device busy",
  EOPNOTSUPP: "Operation not supported",
  EMULTIHOP: "Multihop attempted",
  ENOLINK: "Link has been severed",
  EDOOFUS: "Programming error",
  ENOTCAPABLE: "Capabilities insufficient",
  ECAPMODE: "Not permitted in capability mode",
  EINTEGRITY: "Integrity check failed",
};

/** glibc texts of the errno constants Linux defines (x86_64 `<errno.h>`). */
const LINUX: Record<string, string> = {
  EPERM: "Operation not permitted",
  ENOENT: "No such file or directory",
  ESRCH: "No such process",
  EINTR: "Interrupted system call",
  EIO: "Input/output error",
  ENXIO: "No such device or address",
  E2BIG: "Argument list too long",
  ENOEXEC: "Exec format error",
  EBADF: "Bad file descriptor",
  ECHILD: "No child processes",
  EAGAIN: "Resource temporarily unavailable",
  ENOMEM: "Cannot allocate memory",
  EACCES: "Permission denied",
  EFAULT: "Bad address",
  ENOTBLK: "Block device required",
  EBUSY: "Device or resource busy",
  EEXIST: "File exists",
  EXDEV: "Invalid cross-device link",
  ENODEV: "No such device",
  ENOTDIR: "Not a directory",
  EISDIR: "Is a directory",
  EINVAL: "Invalid argument",
  ENFILE: "Too many open files in system",
  EMFILE: "Too many open files",
  ENOTTY: "Inappropriate ioctl for device",
  ETXTBSY: "Text file busy",
  EFBIG: "File too large",
  ENOSPC: "No space left on device",
  ESPIPE: "Illegal seek",
  EROFS: "Read-only file system",
  EMLINK: "Too many links",
  EPIPE: "Broken pipe",
  EDOM: "Numerical argument out of domain",
  ERANGE: "Numerical result out of range",
  ENOMSG: "No message of desired type",
  EIDRM: "Identifier removed",
  ECHRNG: "Channel number out of range",
  EL2NSYNC: "Level 2 not synchronized",
  EL3HLT: "Level 3 halted",
  EL3RST: "Level 3 reset",
  ELNRNG: "Link number out of range",
  EUNATCH: "Protocol driver not attached",
  ENOCSI: "No CSI structure available",
  EL2HLT: "Level 2 halted",
  EDEADLK: "Resource deadlock avoided",
  ENOLCK: "No locks available",
  ECANCELED: "Operation canceled",
  ENOTSUP: "Operation not supported",
  EDQUOT: "Disk quota exceeded",
  EBADE: "Invalid exchange",
  EBADR: "Invalid request descriptor",
  EXFULL: "Exchange full",
  ENOANO: "No anode",
  EBADRQC: "Invalid request code",
  EBADSLT: "Invalid slot",
  EDEADLOCK: "Resource deadlock avoided",
  EBFONT: "Bad font file format",
  EOWNERDEAD: "Owner died",
  ENOTRECOVERABLE: "State not recoverable",
  ENOSTR: "Device not a stream",
  ENONET: "Machine is not on the network",
  ENOPKG: "Package not installed",
  EREMOTE: "Object is remote",
  ENOLINK: "Link has been severed",
  EADV: "Advertise error",
  ESRMNT: "Srmount error",
  ECOMM: "Communication error on send",
  EPROTO: "Protocol error",
  EMULTIHOP: "Multihop attempted",
  EBADMSG: "Bad message",
  ENAMETOOLONG: "File name too long",
  EOVERFLOW: "Value too large for defined data type",
  ENOTUNIQ: "Name not unique on network",
  EBADFD: "File descriptor in bad state",
  EREMCHG: "Remote address changed",
  ELIBACC: "Can not access a needed shared library",
  ELIBBAD: "Accessing a corrupted shared library",
  ELIBSCN: ".lib section in a.out corrupted",
  ELIBMAX: "Attempting to link in too many shared libraries",
  ELIBEXEC: "Cannot exec a shared library directly",
  EILSEQ: "Invalid or incomplete multibyte or wide character",
  ENOSYS: "Function not implemented",
  ELOOP: "Too many levels of symbolic links",
  ERESTART: "Interrupted system call should be restarted",
  ESTRPIPE: "Streams pipe error",
  ENOTEMPTY: "Directory not empty",
  EUSERS: "Too many users",
  ENOTSOCK: "Socket operation on non-socket",
  EDESTADDRREQ: "Destination address required",
  EMSGSIZE: "Message too long",
  EPROTOTYPE: "Protocol wrong type for socket",
  ENOPROTOOPT: "Protocol not available",
  EPROTONOSUPPORT: "Protocol not supported",
  ESOCKTNOSUPPORT: "Socket type not supported",
  EOPNOTSUPP: "Operation not supported",
  EPFNOSUPPORT: "Protocol family not supported",
  EAFNOSUPPORT: "Address family not supported by protocol",
  EADDRINUSE: "Address already in use",
  EADDRNOTAVAIL: "Cannot assign requested address",
  ENETDOWN: "Network is down",
  ENETRESET: "Network dropped connection on reset",
  ECONNABORTED: "Software caused connection abort",
  ECONNRESET: "Connection reset by peer",
  ENOBUFS: "No buffer space available",
  EISCONN: "Transport endpoint is already connected",
  ENOTCONN: "Transport endpoint is not connected",
  ESHUTDOWN: "Cannot send after transport endpoint shutdown",
  ETOOMANYREFS: "Too many references: cannot splice",
  ETIMEDOUT: "Connection timed out",
  ECONNREFUSED: "Connection refused",
  EHOSTDOWN: "Host is down",
  EHOSTUNREACH: "No route to host",
  EALREADY: "Operation already in progress",
  EINPROGRESS: "Operation now in progress",
  ESTALE: "Stale file handle",
  EDOTDOT: "RFS specific error",
  EUCLEAN: "Structure needs cleaning",
  ENOTNAM: "Not a XENIX named type file",
  ENAVAIL: "No XENIX semaphores available",
  EISNAM: "Is a named type file",
  EREMOTEIO: "Remote I/O error",
  ENOMEDIUM: "No medium found",
  EMEDIUMTYPE: "Wrong medium type",
  ENOKEY: "Required key not available",
  EKEYEXPIRED: "Key has expired",
  EKEYREVOKED: "Key has been revoked",
  EKEYREJECTED: "Key was rejected by service",
};

let bsmNames: (string | undefined)[] | undefined;

/** BSM number → errno constant name, parsed once. */
function names(): (string | undefined)[] {
  if (bsmNames === undefined) {
    const out: (string | undefined)[] = new Array(256).fill(undefined);
    for (const pair of BSM_TABLE.split("|")) {
      const sp = pair.indexOf(" ");
      out[Number(pair.slice(0, sp))] = pair.slice(sp + 1);
    }
    bsmNames = out;
  }
  return bsmNames;
}

/** The strerror texts of a platform; a constant absent here is not defined there. */
function platformTexts(platform: ErrnoPlatform): Record<string, string> {
  switch (platform) {
    case "macos":
      return { ...BSD_COMMON, ...MACOS_EXTRA };
    case "freebsd":
      return { ...BSD_COMMON, ...FREEBSD_EXTRA };
    case "linux":
      return LINUX;
    default:
      throw new RangeError(`unknown errno platform: ${String(platform)}`);
  }
}

const memo: Partial<Record<ErrnoPlatform, readonly string[]>> = {};

/** The 256 status texts of a platform, built on first use. */
function statusTexts(platform: ErrnoPlatform): readonly string[] {
  let texts = memo[platform];
  if (texts === undefined) {
    const local = platformTexts(platform);
    const table = names();
    const out: string[] = new Array(256);
    for (let status = 0; status < 256; status++) {
      const name = table[status];
      if (name === "ESUCCESS") out[status] = "success";
      else if (name !== undefined && Object.hasOwn(local, name))
        out[status] = `failure : ${local[name]}`;
      else out[status] = `failure: Unknown error: ${status}`;
    }
    texts = Object.freeze(out);
    memo[platform] = texts;
  }
  return texts;
}

/**
 * Exactly what praudit (default mode, not `-r`) prints for the status byte
 * of a return token: `success`, `failure : No such file or directory`,
 * `failure: Unknown error: 250`…
 *
 * @param status - the token's status byte (BSM error number); only its low 8 bits are used, as praudit reads a `u_char`
 * @param platform - whose praudit to imitate; default `"macos"`
 */
export function returnStatusText(status: number, platform: ErrnoPlatform = "macos"): string {
  return statusTexts(platform)[status & 0xff];
}

/**
 * The errno constant libbsm maps a BSM error number to (`ENOENT` for 2,
 * `ESUCCESS` for 0), whether or not the platform defines it; `undefined`
 * when the number is not in libbsm's table (praudit prints it as an unknown
 * error on every platform).
 *
 * @param status - BSM error number (0..255)
 */
export function bsmErrnoName(status: number): string | undefined {
  if (!Number.isInteger(status) || status < 0 || status > 255) return undefined;
  return names()[status];
}

/**
 * Whether praudit on `platform` converts this BSM error number to a local
 * errno (`au_bsm_to_errno` succeeds), i.e. prints `success` or
 * `failure : <text>` rather than `failure: Unknown error: N`.
 *
 * @param status - BSM error number (0..255)
 * @param platform - whose praudit to imitate; default `"macos"`
 */
export function isMappedStatus(status: number, platform: ErrnoPlatform = "macos"): boolean {
  if (bsmErrnoName(status) === undefined) return false;
  return !statusTexts(platform)[status].startsWith("failure: Unknown error: ");
}
