/** The gs-webrtc-json protocol: codes, message shapes, codec and SDP conventions (pure; browser and Node). */
export * from './codes.js';
export * from './messages.js';
export * from './codec.js';
export * from './sdp.js';
export * from './address.js';
// Not ./answer-repair.js nor ./device-capability.js (but its type): the page loads them on demand
// (src/session/actors/answer-repair-loader.ts), which a static re-export here would defeat; import them from
// ./answer-repair.js.
export * from './codec-order.js';
export type { DeviceCapability } from './device-capability.js';
export * from './trickle-gate.js';
