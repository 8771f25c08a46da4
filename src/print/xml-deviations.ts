/**
 * Where bsm-trail's XML (`praudit -x`, printed by src/gen/xml-printer.ts
 * from the token table) differs from OpenBSM's praudit.
 *
 * @module
 */

/**
 * Every place where this printer's `-x` output differs from OpenBSM's
 * praudit, all so that the output is always well-formed XML. Where
 * praudit's XML is well-formed, ours is byte-identical.
 *
 * 1. header32_ex: praudit writes `<record ,53,11,execve(2),...` (libbsm
 *    tests `AU_OFLAG_RAW` instead of `AU_OFLAG_XML`); we write the
 *    attributes as for header64_ex: `<record version="11" event=".."
 *    modifier=".." host=".." time=".." msec=".." >`.
 * 2. IPC: praudit writes `<IPCipc-type="..."`; we write `<IPC ipc-type="..."`.
 * 3. newgroups: praudit closes `</group>` after every `<gid>`; we write
 *    `<group><gid>a</gid><gid>b</gid></group>`.
 * 4. Raw strings (path, text, file name, argument and UUID descriptions,
 *    zone, privilege names, socket paths, data values, user/group names,
 *    event names): praudit writes them unescaped. We escape `&` and `<`
 *    (and `"` inside attribute values, `>` after `]]`), and write bytes XML
 *    cannot hold (controls other than tab/LF/CR, bytes that are not valid
 *    UTF-8, U+FFFE/U+FFFF) as `vis(3)` writes them in exec args (`\^A`,
 *    `\M-i`, `\0`). Valid UTF-8 and backslashes are kept as they are.
 * 5. data (arbitrary) with an unknown how-to-print code: praudit writes an
 *    unterminated `<arbitrary `; we write `<arbitrary />`.
 * 6. Apple identity, krb5 principal and cert hash tokens (with
 *    `appleTokens`, the default) print as macOS's praudit does:
 *    `<identity signer-type=".." ... />`, and `<krb5_principal>` /
 *    `<cert_hash>` elements (our names: macOS's are not documented)
 *    holding `<principal>` / `<hash>` elements. OpenBSM's praudit prints
 *    nothing for them (an empty line), as we do with `appleTokens: false`.
 *
 * Kept as praudit writes them, being well-formed: privilege, use of
 * privilege, arg_uuid and ret_uuid tokens print their attributes as
 * character data outside any element (`type="effective" priv="..." `);
 * unknown tokens print nothing (an empty line); `msec=" + 540 msec"`; the
 * subject `tid` runs the port and the address together (`16777249192.168.1.2`,
 * except subject32: `16777249 192.168.1.2`); exec args and env go through
 * `vis(3)` (`\M-C\M-)`).
 */
export const XML_DEVIATIONS: readonly string[] = Object.freeze([
  "header32_ex: attributes instead of praudit's delimited fields after <record",
  "IPC: a space between the element name and its first attribute",
  "newgroups: one </group> after all <gid> elements",
  'raw strings: & < escaped (and " in attributes, > after ]]); bytes invalid in XML written as vis(3)',
  "data with an unknown how-to-print code: <arbitrary />",
  "Apple tokens: macOS's <identity .../>, <krb5_principal>, <cert_hash> (nothing with appleTokens false)",
]);
