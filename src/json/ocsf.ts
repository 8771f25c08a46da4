/**
 * OCSF (Open Cybersecurity Schema Framework, the schema of AWS Security
 * Lake): each BSM event mapped to an OCSF class and activity by ONE table,
 * {@link EVENT_MAPPING}, which also gives the ECS `event.category` and
 * `event.type` (src/json/ecs.ts reads it). An event the table does not
 * name is a Base Event (class 0, activity 99 Other).
 *
 * Facts from ocsf/ocsf-schema (events/system/file_activity.json,
 * process_activity.json, events/iam/authentication.json,
 * account_change.json, events/network/network_activity.json,
 * categories.json): class uids, category uids and activity ids as in OCSF
 * 1.3.0; `type_uid` is `class_uid * 100 + activity_id`.
 *
 * @module
 */

/** The OCSF schema version the records follow (`metadata.version`). */
export const OCSF_VERSION = "1.3.0";

/** An OCSF event class: its uid, name, category and activity names. */
export interface OcsfClass {
  /** `class_uid`. */
  readonly uid: number;
  /** `class_name`. */
  readonly name: string;
  /** `category_uid`. */
  readonly categoryUid: number;
  /** `category_name`. */
  readonly categoryName: string;
  /** `activity_name` of each `activity_id` used here. */
  readonly activities: Readonly<Record<number, string>>;
}

/** OCSF's activity id "Other" (every class). */
export const OTHER = 99;

/** The classes BSM events map to. */
export const OCSF_CLASSES = {
  base: {
    uid: 0,
    name: "Base Event",
    categoryUid: 0,
    categoryName: "Uncategorized",
    activities: { 99: "Other" },
  },
  file: {
    uid: 1001,
    name: "File System Activity",
    categoryUid: 1,
    categoryName: "System Activity",
    activities: {
      1: "Create",
      2: "Read",
      3: "Update",
      4: "Delete",
      5: "Rename",
      6: "Set Attributes",
      7: "Set Security",
      8: "Get Attributes",
      9: "Get Security",
      12: "Mount",
      13: "Unmount",
      14: "Open",
      99: "Other",
    },
  },
  process: {
    uid: 1007,
    name: "Process Activity",
    categoryUid: 1,
    categoryName: "System Activity",
    activities: { 1: "Launch", 2: "Terminate", 5: "Set User ID", 99: "Other" },
  },
  accountChange: {
    uid: 3001,
    name: "Account Change",
    categoryUid: 3,
    categoryName: "Identity & Access Management",
    activities: {
      1: "Create",
      2: "Enable",
      3: "Password Change",
      5: "Disable",
      6: "Delete",
      99: "Other",
    },
  },
  authentication: {
    uid: 3002,
    name: "Authentication",
    categoryUid: 3,
    categoryName: "Identity & Access Management",
    activities: { 1: "Logon", 2: "Logoff", 99: "Other" },
  },
  network: {
    uid: 4001,
    name: "Network Activity",
    categoryUid: 4,
    categoryName: "Network Activity",
    activities: { 1: "Open", 6: "Traffic", 7: "Listen", 99: "Other" },
  },
} as const satisfies Record<string, OcsfClass>;

/** One row of the mapping: the events, their OCSF class and activity, their ECS categorisation. */
export interface EventMapping {
  /** The OCSF class. */
  readonly ocsf: OcsfClass;
  /** The OCSF `activity_id`. */
  readonly activity: number;
  /** ECS `event.category` (one value, from ECS's allowed list). */
  readonly ecsCategory: string;
  /** ECS `event.type` (from ECS's allowed list). */
  readonly ecsType: readonly string[];
  /** BSM event names (OpenBSM's and Apple's audit_event). */
  readonly events: readonly string[];
}

const { file, process, accountChange, authentication, network, base } = OCSF_CLASSES;

function row(ocsf: OcsfClass, activity: number, ecs: string, events: string): EventMapping {
  const [ecsCategory, types] = ecs.split(":");
  return { ocsf, activity, ecsCategory, ecsType: types.split(","), events: events.split(/\s+/) };
}

/* biome-ignore format: the table reads as a table */
/**
 * BSM events to OCSF class and activity, and ECS category:type. README's
 * "Event mapping" table is this one.
 */
export const EVENT_MAPPING: readonly EventMapping[] = [
  //  OCSF class     activity  ECS category:type     BSM events
  row(process,        1, "process:start",          "AUE_EXECVE AUE_EXEC AUE_MAC_EXECVE AUE_FEXECVE AUE_EXECVEAT AUE_POSIX_SPAWN AUE_FORK AUE_VFORK AUE_FORK1 AUE_RFORK AUE_DARWIN_RFORK AUE_PDFORK"),
  row(process,        2, "process:end",            "AUE_EXIT AUE_KILL AUE_KILLPG AUE_PDKILL"),
  row(process,        5, "process:change",         "AUE_SETUID AUE_SETEUID AUE_SETREUID AUE_SETRESUID AUE_SETGID AUE_SETEGID AUE_SETREGID AUE_SETRESGID AUE_SETGROUPS AUE_SETAUID AUE_SETAUDIT AUE_SETAUDIT_ADDR AUE_SETLOGIN AUE_DARWIN_SETLOGIN"),
  row(file,           1, "file:creation",          "AUE_CREAT AUE_MKDIR AUE_MKDIRAT AUE_MKDIR_EXTENDED AUE_MKNOD AUE_MKNODAT AUE_LINK AUE_LINKAT AUE_SYMLINK AUE_SYMLINKAT AUE_OPEN_RC AUE_OPEN_RTC AUE_OPEN_WC AUE_OPEN_WTC AUE_OPEN_RWC AUE_OPEN_RWTC AUE_OPENAT_RC AUE_OPENAT_RTC AUE_OPENAT_WC AUE_OPENAT_WTC AUE_OPENAT_RWC AUE_OPENAT_RWTC AUE_OPEN_EXTENDED_RC AUE_OPEN_EXTENDED_RTC AUE_OPEN_EXTENDED_WC AUE_OPEN_EXTENDED_WTC AUE_OPEN_EXTENDED_RWC AUE_OPEN_EXTENDED_RWTC"),
  row(file,          14, "file:access",            "AUE_OPEN AUE_OPENAT AUE_FHOPEN AUE_OPEN_R AUE_OPEN_RT AUE_OPEN_W AUE_OPEN_WT AUE_OPEN_RW AUE_OPEN_RWT AUE_OPENAT_R AUE_OPENAT_RT AUE_OPENAT_W AUE_OPENAT_WT AUE_OPENAT_RW AUE_OPENAT_RWT AUE_OPEN_EXTENDED AUE_OPEN_EXTENDED_R AUE_OPEN_EXTENDED_RT AUE_OPEN_EXTENDED_W AUE_OPEN_EXTENDED_WT AUE_OPEN_EXTENDED_RW AUE_OPEN_EXTENDED_RWT"),
  row(file,           2, "file:access",            "AUE_READ AUE_READV AUE_PREAD AUE_PREADV AUE_READLINK AUE_READLINKAT AUE_READDIR"),
  row(file,           3, "file:change",            "AUE_WRITE AUE_WRITEV AUE_PWRITE AUE_PWRITEV AUE_TRUNCATE AUE_FTRUNCATE AUE_DARWIN_TRUNCATE AUE_DARWIN_FTRUNCATE"),
  row(file,           4, "file:deletion",          "AUE_UNLINK AUE_UNLINKAT AUE_RMDIR"),
  row(file,           5, "file:change",            "AUE_RENAME AUE_RENAMEAT"),
  row(file,           6, "file:change",            "AUE_CHFLAGS AUE_FCHFLAGS AUE_LCHFLAGS AUE_CHFLAGSAT AUE_DARWIN_CHFLAGS AUE_DARWIN_FCHFLAGS AUE_UTIMES AUE_FUTIMES AUE_LUTIMES AUE_FUTIMESAT AUE_DARWIN_FUTIMES AUE_SETATTRLIST AUE_DARWIN_SETATTRLIST AUE_EXTATTR_SET_FILE AUE_EXTATTR_SET_FD AUE_EXTATTR_SET_LINK AUE_EXTATTR_DELETE_FILE AUE_EXTATTR_DELETE_FD AUE_EXTATTR_DELETE_LINK"),
  row(file,           7, "file:change",            "AUE_CHMOD AUE_FCHMOD AUE_LCHMOD AUE_FCHMODAT AUE_DARWIN_LCHMOD AUE_CHMOD_EXTENDED AUE_FCHMOD_EXTENDED AUE_CHOWN AUE_FCHOWN AUE_LCHOWN AUE_FCHOWNAT AUE_ACL_SET_FILE AUE_ACL_SET_FD AUE_ACL_SET_LINK AUE_ACL_DELETE_FILE AUE_ACL_DELETE_FD AUE_ACL_DELETE_LINK AUE_ACLSET AUE_FACLSET"),
  row(file,           8, "file:info",              "AUE_EXTATTR_GET_FILE AUE_EXTATTR_GET_FD AUE_EXTATTR_GET_LINK AUE_EXTATTR_LIST_FILE AUE_EXTATTR_LIST_FD AUE_EXTATTR_LIST_LINK"),
  row(file,           9, "file:info",              "AUE_ACL_GET_FILE AUE_ACL_GET_FD AUE_ACL_GET_LINK AUE_ACL_CHECK_FILE AUE_ACL_CHECK_FD AUE_ACL_CHECK_LINK"),
  row(file,          12, "file:change",            "AUE_MOUNT AUE_NMOUNT AUE_MAC_MOUNT AUE_mountd_mount"),
  row(file,          13, "file:change",            "AUE_UNMOUNT AUE_UMOUNT AUE_UMOUNT2 AUE_mountd_umount"),
  row(authentication, 1, "authentication:start",   "AUE_login AUE_lw_login AUE_DARWIN_lw_login AUE_rlogin AUE_telnet AUE_ssh AUE_openssh AUE_su AUE_sudo AUE_DARWIN_sudo AUE_auth_user AUE_DARWIN_auth_user AUE_admin_authenticate AUE_role_login AUE_newgrp_login AUE_rexecd"),
  row(authentication, 2, "authentication:end",     "AUE_logout AUE_lw_logout AUE_DARWIN_lw_logout AUE_ftpd_logout"),
  row(authentication, 99, "authentication:info",   "AUE_ssauthorize AUE_DARWIN_ssauthorize AUE_ssauthint AUE_DARWIN_ssauthint AUE_ssauthmech AUE_ssconn AUE_DARWIN_ssconn"),
  row(accountChange,  1, "iam:user,creation",      "AUE_create_user"),
  row(accountChange,  2, "iam:user,change",        "AUE_enable_user"),
  row(accountChange,  3, "iam:user,change",        "AUE_passwd"),
  row(accountChange,  5, "iam:user,change",        "AUE_disable_user"),
  row(accountChange,  6, "iam:user,deletion",      "AUE_delete_user"),
  row(accountChange, 99, "iam:user,change",        "AUE_modify_user"),
  row(network,        1, "network:connection,start", "AUE_CONNECT AUE_CONNECTAT AUE_SOCKCONNECT AUE_ACCEPT AUE_SOCKACCEPT AUE_inetd_connect"),
  row(network,        7, "network:connection",     "AUE_LISTEN"),
  row(network,        6, "network:connection,protocol", "AUE_SENDTO AUE_SENDMSG AUE_RECV AUE_RECVFROM AUE_RECVMSG"),
  row(network,       99, "network:connection",     "AUE_BIND AUE_BINDAT AUE_SOCKET AUE_SOCKETPAIR AUE_DARWIN_SOCKETPAIR"),
];

/** The mapping of an event the table does not name: Base Event, Other. */
export const BASE_MAPPING: EventMapping = {
  ocsf: base,
  activity: OTHER,
  ecsCategory: "host",
  ecsType: ["info"],
  events: [],
};

const BY_NAME: ReadonlyMap<string, EventMapping> = new Map(
  EVENT_MAPPING.flatMap((m) => m.events.map((e): [string, EventMapping] => [e, m])),
);

/** The mapping row of an event name ({@link BASE_MAPPING} when the table has none). */
export function eventMapping(eventName: string | null): EventMapping {
  return (eventName === null ? undefined : BY_NAME.get(eventName)) ?? BASE_MAPPING;
}
