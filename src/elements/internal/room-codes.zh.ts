/** 简体中文 (Chinese; the seeds' language): the messages of the failure line of `<gs-room>` and `<gs-video-call>` and the room result codes it words. Same keys as the English table. */
import type { Messages } from './room-codes.en.js';

export const zh: Messages = {
  'room.failure': '错误 {code}：{text}',
  'room.code.106': '无需执行任何操作。',
  'room.code.300': '会议室名称须为 1 到 64 个字母、数字、_ 或 -。',
  'room.code.301': '此浏览器无法在此处共享屏幕。',
  'room.code.302': '与服务器的连接已断开。',
  'room.code.303': '摄像头、麦克风或屏幕采集被拒绝。',
  'room.code.400': '登录名须为 1 到 64 个字符，消息须为 1 到 2000 个字符。',
  'room.code.408': '服务器未及时响应。',
  'room.code.481': '您不在会议室中。',
  'room.code.486': '会议室已满。',
  'room.code.487': '您已经在会议室中。',
  'room.code.unknown': '意外的结果 {code}。',
};
