import { isUtf8 } from 'node:buffer';
import { KEY_MARKER, WireFactsBuilder, type PathSegment, type WireFacts } from './wire-facts.js';

const MAX_DEPTH = 512;

/**
 * Walks raw msgpack bytes (already decoded successfully by msgpackr) and records which values
 * were floats and which strings were not valid UTF-8, by path. Throws on malformed input.
 */
export function inspectMsgpack(bytes: Uint8Array): WireFacts {
  const walker = new MsgpackWalker(bytes);
  walker.walkValue(0);
  return walker.facts;
}

class MsgpackWalker {
  readonly facts = new WireFactsBuilder();
  private readonly view: DataView;
  private readonly path: PathSegment[] = [];
  private pos = 0;

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  walkValue(depth: number): void {
    if (depth > MAX_DEPTH) throw new Error(`msgpack nesting deeper than ${MAX_DEPTH}`);
    const type = this.u8();
    if (type <= 0x7f || type >= 0xe0 || type === 0xc0 || type === 0xc2 || type === 0xc3) return;
    if (type >= 0x80 && type <= 0x8f) return this.walkMap(type & 0x0f, depth);
    if (type >= 0x90 && type <= 0x9f) return this.walkArray(type & 0x0f, depth);
    if (type >= 0xa0 && type <= 0xbf) return this.checkString(type & 0x1f);
    switch (type) {
      case 0xc4: return this.skip(this.u8());
      case 0xc5: return this.skip(this.u16());
      case 0xc6: return this.skip(this.u32());
      case 0xc7: return this.skip(this.u8() + 1);
      case 0xc8: return this.skip(this.u16() + 1);
      case 0xc9: return this.skip(this.u32() + 1);
      case 0xca: this.facts.addFloat(this.path); return this.skip(4);
      case 0xcb: this.facts.addFloat(this.path); return this.skip(8);
      case 0xcc: case 0xd0: return this.skip(1);
      case 0xcd: case 0xd1: return this.skip(2);
      case 0xce: case 0xd2: return this.skip(4);
      case 0xcf: case 0xd3: return this.skip(8);
      case 0xd4: return this.skip(2);
      case 0xd5: return this.skip(3);
      case 0xd6: return this.skip(5);
      case 0xd7: return this.skip(9);
      case 0xd8: return this.skip(17);
      case 0xd9: return this.checkString(this.u8());
      case 0xda: return this.checkString(this.u16());
      case 0xdb: return this.checkString(this.u32());
      case 0xdc: return this.walkArray(this.u16(), depth);
      case 0xdd: return this.walkArray(this.u32(), depth);
      case 0xde: return this.walkMap(this.u16(), depth);
      case 0xdf: return this.walkMap(this.u32(), depth);
      default: throw new Error(`invalid msgpack type byte 0x${type.toString(16)}`);
    }
  }

  private walkArray(length: number, depth: number): void {
    for (let index = 0; index < length; index++) {
      this.path.push(index);
      this.walkValue(depth + 1);
      this.path.pop();
    }
  }

  private walkMap(size: number, depth: number): void {
    for (let entry = 0; entry < size; entry++) {
      const key = this.readKey(depth);
      this.path.push(key);
      this.walkValue(depth + 1);
      this.path.pop();
    }
  }

  /** Reads a map key, returning the path segment it stands for. */
  private readKey(depth: number): PathSegment {
    const type = this.bytes[this.pos];
    let length = -1;
    if (type !== undefined && type >= 0xa0 && type <= 0xbf) {
      this.pos += 1;
      length = type & 0x1f;
    } else if (type === 0xd9) {
      this.pos += 1;
      length = this.u8();
    } else if (type === 0xda) {
      this.pos += 1;
      length = this.u16();
    } else if (type === 0xdb) {
      this.pos += 1;
      length = this.u32();
    }
    if (length >= 0) {
      const raw = this.take(length);
      const key = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf8');
      if (!isUtf8(raw)) this.facts.addInvalidString([...this.path, key, KEY_MARKER]);
      return key;
    }
    const integer = this.tryReadSmallInt();
    if (integer !== undefined) return integer;
    // An exotic key (nil, float, nested value): walk it for its own facts, name it `?`.
    this.path.push('?');
    this.walkValue(depth + 1);
    this.path.pop();
    return '?';
  }

  private tryReadSmallInt(): number | undefined {
    const type = this.bytes[this.pos];
    if (type === undefined) return undefined;
    if (type <= 0x7f) { this.pos += 1; return type; }
    if (type >= 0xe0) { this.pos += 1; return type - 0x100; }
    if (type === 0xcc) { this.pos += 1; return this.u8(); }
    if (type === 0xcd) { this.pos += 1; return this.u16(); }
    if (type === 0xce) { this.pos += 1; return this.u32(); }
    return undefined;
  }

  private checkString(length: number): void {
    if (!isUtf8(this.take(length))) this.facts.addInvalidString(this.path);
  }

  private take(length: number): Uint8Array {
    this.ensure(length);
    const slice = this.bytes.subarray(this.pos, this.pos + length);
    this.pos += length;
    return slice;
  }

  private skip(length: number): void {
    this.ensure(length);
    this.pos += length;
  }

  private ensure(length: number): void {
    if (this.pos + length > this.bytes.byteLength) throw new Error('unexpected end of msgpack data');
  }

  private u8(): number {
    this.ensure(1);
    return this.view.getUint8(this.pos++);
  }

  private u16(): number {
    this.ensure(2);
    const value = this.view.getUint16(this.pos);
    this.pos += 2;
    return value;
  }

  private u32(): number {
    this.ensure(4);
    const value = this.view.getUint32(this.pos);
    this.pos += 4;
    return value;
  }
}
