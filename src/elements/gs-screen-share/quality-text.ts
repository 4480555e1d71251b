/** The words of the quality menu and the media notices (English; the issue 7 message table will take them over). */
import type { QualityPreset } from '../../session/quality.js';

export const qualityText = {
  /** The menu's label. */
  menuLabel: 'Quality',
  /** Each preset's name in the menu. */
  presets: {
    text: 'Text (sharp, up to 1080p, 15 fps)',
    balanced: 'Balanced (1080p, 30 fps)',
    motion: 'Motion (720p, up to 60 fps)',
  } satisfies Record<QualityPreset, string>,
  /** Shown when `share-audio` was asked for and the browser gave no audio track. */
  audioUnavailable: 'No tab or system audio: this browser or platform gave none, the screen is shared without sound',
  /** Shown when `camera` was asked for and getUserMedia failed. */
  cameraUnavailable: 'No camera: it could not be opened, the screen is shared without it',
};
