/** 简体中文 (Chinese; the seeds' language): the messages of every result code of PROTOCOL.md "Codes". Same keys as the English table. */
import type { Messages } from './codes.en.js';

export const zh: Messages = {
  'code.104': '屏幕共享正在开启。',
  'code.105': '屏幕共享正在关闭。',
  'code.106': '无需操作：当前没有共享屏幕，或已经在共享。',
  'code.200': '完成。',
  'code.300': '终端地址不是有效的 ws:// 或 wss:// 地址。',
  'code.301': '此浏览器无法在这里共享屏幕。',
  'code.302': '与终端的连接已断开。',
  'code.303': '屏幕共享在浏览器中被拒绝或取消。',
  'code.308': '终端未能及时接受屏幕共享。',
  'code.400': '终端无法识别该请求。',
  'code.403': '请求被拒绝。',
  'code.405': '终端不支持该请求。',
  'code.408': '终端未及时响应。',
  'code.481': '您不在通话中。',
  'code.486': '终端没有空闲线路。',
  'code.487': '您已经在通话中。',
  'code.488': '终端与此浏览器无法协商媒体。',
  'code.489': '请求已取消。',
  'code.501': '另一个使用相同用户名的浏览器接管了此通话。',
  'code.502': '终端需要占用线路，已挂断。',
  'code.unknown': '意外的结果 {code}。',
};
