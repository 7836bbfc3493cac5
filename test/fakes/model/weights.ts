// Random weight tensors as lazy bytes, generated block by block when written.
// The float32 and the int8 version of a weight draw the same random stream, so
// the fp32 and q8 models hold the same weights up to quantisation error.
import type { LazyBytes } from './protobuf.ts';
import { fillNormal, seededRandom } from './random.ts';

export type WeightInit = { kind: 'normal'; std: number } | { kind: 'constant'; value: number };

export interface WeightSpec {
  name: string;
  dims: readonly number[];
  init: WeightInit;
  seed: number;
}

const BLOCK_VALUES = 1 << 20; // even, so Box-Muller pairs never straddle blocks

export function elementCount(dims: readonly number[]): number {
  return dims.reduce((product, dim) => product * dim, 1);
}

function* float32Blocks(spec: WeightSpec): Iterable<Float32Array> {
  const random = seededRandom(spec.seed, spec.name);
  let remaining = elementCount(spec.dims);
  while (remaining > 0) {
    const block = new Float32Array(Math.min(BLOCK_VALUES, remaining));
    if (spec.init.kind === 'normal') fillNormal(block, random, spec.init.std);
    else block.fill(spec.init.value);
    remaining -= block.length;
    yield block;
  }
}

export function float32Weight(spec: WeightSpec): LazyBytes {
  return {
    byteLength: elementCount(spec.dims) * 4,
    *blocks() {
      for (const block of float32Blocks(spec)) yield new Uint8Array(block.buffer, block.byteOffset, block.byteLength);
    },
  };
}

/** Symmetric per-tensor int8 scale: normal weights are clipped at 4 standard deviations. */
export function int8Scale(init: WeightInit): number {
  const range = init.kind === 'normal' ? 4 * init.std : Math.abs(init.value) || 1;
  return range / 127;
}

export function int8Weight(spec: WeightSpec): LazyBytes {
  const scale = int8Scale(spec.init);
  return {
    byteLength: elementCount(spec.dims),
    *blocks() {
      for (const block of float32Blocks(spec)) {
        const quantized = new Int8Array(block.length);
        for (let i = 0; i < block.length; i++) {
          const q = Math.round((block[i] ?? 0) / scale);
          quantized[i] = q > 127 ? 127 : q < -127 ? -127 : q;
        }
        yield new Uint8Array(quantized.buffer);
      }
    },
  };
}
