// A portal's strict TypeScript against the installed package (test/e2e/package.test.ts type-checks it): the
// element's methods, results and event details are typed, and wrong uses are errors (each @ts-expect-error below
// must be an error, else tsc fails: types that were `any` would fail this file).
import { Code, GsScreenShare, registerMessages, type GsResultDetail, type GsStatsDetail, type PublicState, type Result } from 'gs-screen-share';
import { GsTerminal } from 'gs-screen-share/gs-terminal.js';
import { GsRoom } from 'gs-screen-share/gs-room.component.js';
import { zh } from 'gs-screen-share/i18n/zh.js';
import { gsRTC } from 'gs-screen-share/gsrtc.js';
import ScreenShare from 'gs-screen-share/react/gs-screen-share.js';
import { createElement } from 'react';

registerMessages('zh', zh);
customElements.define('portal-room', class extends GsRoom {});

export async function share(address: string): Promise<number> {
  const el = document.createElement('gs-screen-share');
  const same: GsScreenShare = el;
  const terminal: GsTerminal = document.createElement('gs-terminal');
  terminal.terminalId = 'desk-1';
  const called: Result = await same.call(address);
  const message: string = called.message;
  const state: PublicState = el.state;
  el.addEventListener('shareScreen', (e) => {
    const detail: GsResultDetail = e.detail;
    console.log(detail.code.toFixed(0), detail.op);
  });
  el.addEventListener('state-change', (e) => console.log(e.detail.state satisfies PublicState, e.detail.previous satisfies PublicState));
  el.addEventListener('shareScreenRequest', (e) => e.detail.accept());
  el.addEventListener('stats', (e) => {
    const stats: GsStatsDetail = e.detail;
    console.log(stats.kbps.toFixed(0), stats.rttMs?.toFixed(0));
  });
  // @ts-expect-error: the result detail has no such member
  el.addEventListener('shareScreen', (e) => e.detail.nope);
  // @ts-expect-error: a result code is a number
  const wrong: string = (await el.beginScreen()).code;
  // @ts-expect-error: call() takes an address string
  await el.call(42);
  gsRTC.on('shareScreen', () => {});
  console.log(message, state, wrong);
  return called.code === Code.OK ? 1 : 0;
}

export const wrapped = createElement(ScreenShare, {
  address: 'ws://127.0.0.1:1/terminals/x',
  userName: 'portal',
  onShareScreen: (e) => console.log(e.detail.code.toFixed(0)),
  onStateChange: (e) => console.log(e.detail.state satisfies PublicState),
});
// @ts-expect-error: the wrapper's props are the element's properties, typed
export const badProp = createElement(ScreenShare, { maxBitrate: 'fast' });
