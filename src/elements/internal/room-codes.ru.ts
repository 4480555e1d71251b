/** Русский (Russian): the messages of the failure line of `<gs-room>` and `<gs-video-call>` and the room result codes it words. Same keys as the English table. */
import type { Messages } from './room-codes.en.js';

export const ru: Messages = {
  'room.failure': 'Ошибка {code}: {text}',
  'room.code.106': 'Делать нечего.',
  'room.code.300': 'Имя комнаты: от 1 до 64 латинских букв, цифр, _ или -.',
  'room.code.301': 'Этот браузер не может показать экран на этой странице.',
  'room.code.302': 'Связь с сервером потеряна.',
  'room.code.303': 'Доступ к камере, микрофону или экрану не разрешён.',
  'room.code.400': 'Имя: от 1 до 64 символов, сообщение: от 1 до 2000.',
  'room.code.408': 'Сервер не ответил вовремя.',
  'room.code.481': 'Вы не в комнате.',
  'room.code.486': 'Комната заполнена.',
  'room.code.487': 'Вы уже в комнате.',
  'room.code.unknown': 'Неожиданный результат {code}.',
};
