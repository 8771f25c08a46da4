/**
 * binary-parser's package.json `exports` point ESM imports at a `.mjs` file
 * without types; its types sit beside the CommonJS build. This re-exports
 * them for `import { Parser } from "binary-parser"` (tests and benchmarks
 * only: binary-parser compiles parsers with `new Function`).
 */
declare module "binary-parser" {
  export { Parser } from "binary-parser/dist/binary_parser.js";
}
