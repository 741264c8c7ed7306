/**
 * Resolves true once `work` settles, or false after `timeoutMs`, whichever comes first; never
 * rejects. Unlike the exporter's other timers this one is ref'd: it exists only while a caller
 * awaits a flush or a shutdown, and without it an ESM app awaiting one at top level while every
 * retry timer is unref'd would end with exit code 13 (unsettled top-level await). The timer is
 * cleared as soon as `work` settles, so it holds the process no longer than needed.
 */
export function settleWithin(work: Promise<unknown>, timeoutMs: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    const finish = (): void => {
      clearTimeout(timer);
      resolve(true);
    };
    work.then(finish, finish);
  });
}
