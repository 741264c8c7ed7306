export interface EncoderOptions {
  /** Initial size in bytes of the payload buffer reused across payloads (default 64 KiB). */
  initialSize?: number;
  /**
   * Size in bytes a payload usually stops at (the exporter's flush threshold plus room for the
   * chunk that crosses it). The buffer grows to this instead of doubling past it: a 1.1 MB
   * payload then lives in 1.25 MiB, not 2 MiB, in the encoder and in every recycled buffer.
   */
  payloadSizeHint?: number;
}
