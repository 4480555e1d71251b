/** The gs-webrtc-json protocol: codes, message shapes, codec and SDP conventions (pure; browser and Node). */
export * from './codes.js';
export * from './messages.js';
export * from './codec.js';
export * from './sdp.js';
export * from './address.js';
export * from './answer-repair.js';
export * from './trickle-gate.js';
