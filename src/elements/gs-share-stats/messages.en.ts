/**
 * English messages of `<gs-share-stats>`, the statistics panel of the outgoing video: the source table, bundled with the element.
 * `{name}` marks a value filled in at run time. messages.zh.ts and messages.ru.ts (codes.*, room-codes.* likewise)
 * have exactly the same keys (the type and test/unit/i18n.test.ts check); they load on demand (../i18n/localize.ts).
 */

export const en = {
  // Statistics of the outgoing video.
  'stats.label': 'Outgoing video',
  'stats.resolution': 'Resolution',
  'stats.fps': 'Frame rate',
  'stats.bitrate': 'Bitrate',
  'stats.rtt': 'Round trip',
  'stats.loss': 'Packet loss',
  'stats.unitFps': 'fps',
  'stats.unitKbps': 'kbps',
  'stats.unitMs': 'ms',
  'stats.none': 'No video is being sent',

  // The device's own limit from the call's first answer (H.264 level, a=framerate; DEVICE.md), when it stated one.
  'stats.deviceLimit': 'Device limit',

  // Statistics panel: a bad setting (its `error` event and console).
  'stats.error.interval': 'The statistics interval must be a positive number of ms; {value} is not (1000 is used).',
} as const;

/** This table, complete, in one language. */
export type Messages = Record<keyof typeof en, string>;
