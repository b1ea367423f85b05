/** Where the queue runtime and workers report what happens; `console` fits. */
export interface QueueLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}
