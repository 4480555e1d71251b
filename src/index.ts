/**
 * The package's main entry, `import 'gs-screen-share'`: registers `<gs-screen-share>` (and, the first time its
 * `show-stats` panel shows, `<gs-share-stats>`, a module loaded on demand; import `gs-screen-share/gs-share-stats.js`
 * to have it at once) and exports the class, `registerMessages` / `loadMessages`, the result code table and the public types.
 * The other elements have entries of their own (`gs-screen-share/gs-terminal.js`, …), each with a class-only module
 * beside it (`gs-terminal.component.js`) that registers nothing.
 */
export * from './elements/gs-screen-share/gs-screen-share.js';
export { Code, allCodes, describeCode, type CodeValue, type Result } from './protocol/codes.js';
export type { Operation, PublicState } from './session/types.js';
