/** Русский (Russian): the messages of `<gs-share-stats>`, the statistics panel of the outgoing video. Same keys as the English table. */
import type { Messages } from './messages.en.js';

export const ru: Messages = {
  'stats.label': 'Исходящее видео',
  'stats.resolution': 'Разрешение',
  'stats.fps': 'Частота кадров',
  'stats.bitrate': 'Битрейт',
  'stats.rtt': 'Задержка туда-обратно',
  'stats.loss': 'Потери пакетов',
  'stats.unitFps': 'к/с',
  'stats.unitKbps': 'кбит/с',
  'stats.unitMs': 'мс',
  'stats.none': 'Видео не передаётся',
  'stats.deviceLimit': 'Предел устройства',
  'stats.error.interval': 'Интервал статистики должен быть положительным числом мс; {value} не подходит (используется 1000).',
};
