/** 简体中文 (Chinese; the seeds' language): the messages of `<gs-share-stats>`, the statistics panel of the outgoing video. Same keys as the English table. */
import type { Messages } from './messages.en.js';

export const zh: Messages = {
  'stats.label': '发送的视频',
  'stats.resolution': '分辨率',
  'stats.fps': '帧率',
  'stats.bitrate': '码率',
  'stats.rtt': '往返时延',
  'stats.loss': '丢包',
  'stats.unitFps': '帧/秒',
  'stats.unitKbps': 'kbps',
  'stats.unitMs': '毫秒',
  'stats.none': '当前没有发送视频',
  'stats.deviceLimit': '设备上限',
  'stats.error.interval': '统计间隔必须是正数（毫秒）；{value} 不是（改用 1000）。',
};
