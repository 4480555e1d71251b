/** The gsRTC API as an ES module: `import { gsRTC } from 'gs-screen-share/gsrtc'`. */
export { GsRTC, gsRTC } from './gsrtc.js';
export type { GsRtcCallback, GsRtcEvent, GsRtcHandler, GsRtcOptions, GsRtcRegistration } from './gsrtc.js';
