/** A moment as minutes, seconds and milliseconds (`1:02.345`): boundaries move by 10 ms. */
export function clockMs(ms: number): string {
  const whole = Math.max(0, Math.round(ms));
  const minutes = Math.floor(whole / 60_000);
  const seconds = Math.floor((whole % 60_000) / 1000);
  const rest = whole % 1000;
  return `${minutes}:${String(seconds).padStart(2, '0')}.${String(rest).padStart(3, '0')}`;
}
