export interface EncoderOptions {
  /** Initial size in bytes of the payload buffer reused across payloads (default 64 KiB). */
  initialSize?: number;
}
