/**
 * The events each React wrapper (src/react/<tag>.ts) maps to an `on…` prop: `shareScreen` → `onShareScreen`,
 * `state-change` → `onStateChange`. Each list is an element's `@event` tags (custom-elements.json); the unit test
 * test/unit/react-events.test.ts fails when a list and the manifest disagree, so a renamed event is renamed here too.
 */
export const elementEvents = {
  'gs-screen-share': [
    'shareScreen',
    'stopShareScreen',
    'pauseShareScreen',
    'hangup',
    'shareScreenRequest',
    'stopShareScreenRequest',
    'hangupRequest',
    'error',
    'quality-change',
    'audio-unavailable',
    'camera-unavailable',
    'state-change',
    'gs-share-screen',
    'gs-share-screen-request',
    'stats',
  ],
  'gs-share-stats': ['gs-share-stats-sample', 'error'],
  'gs-terminal': ['state-change', 'presentation-change', 'terminal-frame', 'error'],
  'gs-room': ['joined', 'left', 'room-full', 'published', 'screen-shared', 'screen-stopped', 'member-joined', 'member-left', 'chat-message', 'state-change', 'recording-change', 'error'],
  'gs-video-call': ['incoming-call', 'state-change', 'call-ended', 'joined', 'left', 'error'],
} as const;
