// A minimal protobuf writer: just what serialising an ONNX model needs.
// Big payloads (weights) stay lazy: a message only knows their byte length
// until it is written, so a 470 MB model never sits whole in memory.

/** Bytes produced block by block when the message is written. */
export interface LazyBytes {
  readonly byteLength: number;
  blocks(): Iterable<Uint8Array>;
}

type Part = Uint8Array | LazyBytes;

const WIRE_VARINT = 0;
const WIRE_LENGTH_DELIMITED = 2;

function varint(value: number | bigint): Uint8Array {
  // Negative int64 values are encoded as their 64-bit two's complement (10 bytes).
  let rest = BigInt.asUintN(64, BigInt(value));
  const bytes: number[] = [];
  while (rest >= 0x80n) {
    bytes.push(Number(rest & 0x7fn) | 0x80);
    rest >>= 7n;
  }
  bytes.push(Number(rest));
  return Uint8Array.from(bytes);
}

function tag(field: number, wireType: number): Uint8Array {
  return varint((field << 3) | wireType);
}

export class ProtoMessage {
  private readonly parts: Part[] = [];
  private length = 0;

  get byteLength(): number {
    return this.length;
  }

  private push(part: Part): void {
    this.parts.push(part);
    this.length += part.byteLength;
  }

  varint(field: number, value: number | bigint): this {
    this.push(tag(field, WIRE_VARINT));
    this.push(varint(value));
    return this;
  }

  float(field: number, value: number): this {
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setFloat32(0, value, true);
    this.push(tag(field, 5));
    this.push(bytes);
    return this;
  }

  bytes(field: number, payload: Uint8Array | LazyBytes): this {
    this.push(tag(field, WIRE_LENGTH_DELIMITED));
    this.push(varint(payload.byteLength));
    this.push(payload);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  message(field: number, child: ProtoMessage): this {
    this.push(tag(field, WIRE_LENGTH_DELIMITED));
    this.push(varint(child.byteLength));
    for (const part of child.parts) this.push(part);
    return this;
  }

  /** Repeated int64 as one packed field (parsers must accept packed encoding). */
  packedVarints(field: number, values: readonly (number | bigint)[]): this {
    const encoded = values.map(varint);
    const total = encoded.reduce((sum, bytes) => sum + bytes.byteLength, 0);
    this.push(tag(field, WIRE_LENGTH_DELIMITED));
    this.push(varint(total));
    for (const bytes of encoded) this.push(bytes);
    return this;
  }

  /** Every byte of the message in order, producing lazy parts as they come. */
  *chunks(): Iterable<Uint8Array> {
    for (const part of this.parts) {
      if (part instanceof Uint8Array) yield part;
      else yield* part.blocks();
    }
  }
}
