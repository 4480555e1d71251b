/** A live canvas capture of `width`×`height` whose colour changes every 30 ms, so a <video> showing it really plays. */
export function canvasStream(width = 64, height = 48, fps = 30): MediaStream {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d')!;
  let n = 0;
  const timer = setInterval(() => {
    ctx.fillStyle = `hsl(${(n += 30) % 360} 80% 50%)`;
    ctx.fillRect(0, 0, width, height);
  }, 30);
  const stream = canvas.captureStream(fps);
  stream.getVideoTracks()[0].addEventListener('ended', () => clearInterval(timer));
  return stream;
}
