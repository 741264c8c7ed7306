/**
 * Bytes written earlier in the current payload that a later span may need again (the same
 * names, the same event head, the same attributes): copying them is cheaper than encoding them
 * again. Valid only while the writer's epoch is the one recorded (see GrowableBuffer).
 */
export class WrittenRange {
  start = 0;
  length = 0;
  /** Entries the bytes hold, for map headers. */
  count = 0;
  /** -1: nothing recorded. */
  epoch = -1;

  set(start: number, length: number, count: number, epoch: number): void {
    this.start = start;
    this.length = length;
    this.count = count;
    this.epoch = epoch;
  }
}

/**
 * The enumerable entries of the last object written from, kept as a copy: comparing the next
 * object with it tells whether the same bytes would be written. A copy, not the object itself,
 * so a later change to that object can't make stale bytes look current. Only objects whose
 * values are all primitives are kept (an array could change in place).
 */
export class EntrySnapshot {
  private readonly keys: string[] = [];
  private readonly values: unknown[] = [];
  /** -1: nothing kept. */
  private size = -1;

  /** Same keys in the same order with identical (`===`) primitive values. */
  matches(object: Readonly<Record<string, unknown>>): boolean {
    const size = this.size;
    if (size < 0) return false;
    let i = 0;
    for (const key in object) {
      if (i >= size || this.keys[i] !== key || this.values[i] !== object[key]) return false;
      i++;
    }
    return i === size;
  }

  record(object: Readonly<Record<string, unknown>>): void {
    let i = 0;
    for (const key in object) {
      const value = object[key];
      if (typeof value === 'object' && value !== null) {
        this.clear();
        return;
      }
      this.keys[i] = key;
      this.values[i] = value;
      i++;
    }
    this.keys.length = i;
    this.values.length = i;
    this.size = i;
  }

  clear(): void {
    this.keys.length = 0;
    this.values.length = 0;
    this.size = -1;
  }
}
