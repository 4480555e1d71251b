// Size budgets of the production browser bundles (`npm run size`; the `size` stage of `npm test`).
// The files are the package's cdn/ files as shipped (gs-screen-share-<version>.tgz), built by `npm run build:lib`
// (bench/build-lib.ts, with vite.lib.config.ts's settings): the entry, the chunks it loads on demand, and the gsRTC
// classic script; sizes are
// gzip -9 of the minified file, in kB = 1000 bytes. Each budget sits a little (≈2 %) above the size measured when
// it was set (docs/performance.md); raise it on purpose, in the same commit as the code that needs the bytes.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const checks = [
  {
    name: '<gs-screen-share> (dist/packages/gs-screen-share/cdn/gs-screen-share.js; lit, @lit/context, xstate inside)',
    path: 'dist/packages/gs-screen-share/cdn/gs-screen-share.js',
    gzip: true,
    // measured 28,708 B before issues 7 and 8; 39,505 B with issue 7's message tables in three languages,
    // progress, the modal prompt, theme tokens and the stats panel, and issue 8's quality presets, tab audio and camera;
    // 40,480 B with the encoder's start bitrate set on the answer (src/protocol/sdp.ts withStartBitrate);
    // 36,968 B with the Chinese and Russian tables loaded on demand (issue 6; the two checks below);
    // 38,260 B with the English entries of <gs-room> and <gs-video-call> (room.*, call.*) in the one table;
    // 41,180 B with the device path's answer repair, the terminal's and stats panel's entries and the scaled preview.
    limit: '42.0 kB',
  },
  // The message tables the entry imports on demand (src/elements/i18n/localize.ts loadMessages), each held on its
  // own so that bytes moved out of the entry are still counted: a page in Chinese loads the entry and zh.js.
  {
    name: 'Chinese message table, loaded on demand (dist/packages/gs-screen-share/cdn/i18n/zh.js)',
    path: 'dist/packages/gs-screen-share/cdn/i18n/zh.js',
    gzip: true,
    // measured 1,872 B (issue 6); 2,830 B with the room.* and call.* entries; 3,420 B with terminal.*, stats.*, gsrtc.*
    limit: '3.49 kB',
  },
  {
    name: 'Russian message table, loaded on demand (dist/packages/gs-screen-share/cdn/i18n/ru.js)',
    path: 'dist/packages/gs-screen-share/cdn/i18n/ru.js',
    gzip: true,
    // measured 2,110 B (issue 6); 3,140 B with the room.* and call.* entries; 3,750 B with terminal.*, stats.*, gsrtc.*
    limit: '3.83 kB',
  },
];

// The gsRTC classic script, once the project has one (bench/build-lib.ts builds it whenever src/gsrtc/ exists).
if (existsSync(join(__dirname, 'src/gsrtc'))) {
  checks.push({
    name: 'gsRTC classic script (dist/packages/gs-screen-share/cdn/gsRTC.js; everything inside)',
    path: 'dist/packages/gs-screen-share/cdn/gsRTC.js',
    gzip: true,
    // measured 21,398 B with issue 8's peer actor (20,586 B before), 21,834 B with the start bitrate;
    // the original gsRTC.min.js is 58,331 B
    // 33,480 B once its confirm prompt speaks the message tables: a classic script cannot load a table on demand, so
    // all three are inside, with the answer repair of the device path
    limit: '34.2 kB',
  });
}

module.exports = checks;
