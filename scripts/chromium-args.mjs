// The flags every Chromium of the tests and benchmarks is started with (web-test-runner.config.mjs, the e2e
// harness test/e2e/support/harness.ts, bench/): fake camera, microphone and screen with no permission prompt
// (getDisplayMedia picks "Entire screen"), nothing fetched from the network, autoplay allowed (the terminal plays
// received audio), and insecure.test mapped to this machine: a name that is not a secure context, unlike
// localhost, for the 301 tests.
export const chromiumArgs = [
  '--no-sandbox',
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  '--auto-select-desktop-capture-source=Entire screen',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-gpu',
  '--autoplay-policy=no-user-gesture-required',
  '--host-resolver-rules=MAP insecure.test 127.0.0.1',
];
