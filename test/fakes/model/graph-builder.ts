// Accumulates ONNX nodes and initializers, naming intermediate values itself.
import { DataType, nodeProto, tensorProto, type AttributeValue, type DataTypeCode } from './onnx.ts';
import type { LazyBytes, ProtoMessage } from './protobuf.ts';
import { float32Weight, int8Scale, int8Weight, type WeightInit } from './weights.ts';

export class GraphBuilder {
  readonly nodes: ProtoMessage[] = [];
  readonly initializers: ProtoMessage[] = [];
  private nextId = 0;
  private readonly constants = new Map<string, string>();

  constructor(private readonly seed: number) {}

  initializer(name: string, dataType: DataTypeCode, dims: readonly number[], rawData: Uint8Array | LazyBytes): string {
    this.initializers.push(tensorProto({ name, dataType, dims, rawData }));
    return name;
  }

  /** A random float32 weight (normal) or a constant one (LayerNorm gamma/beta, biases). */
  weight(name: string, dims: readonly number[], init: WeightInit): string {
    return this.initializer(name, DataType.FLOAT, dims, float32Weight({ name, dims, init, seed: this.seed }));
  }

  /** The same weight as `weight(name, ...)` would hold, stored as symmetric int8 (as `${name}_quantized`), with its float scale. */
  int8Weight(name: string, dims: readonly number[], init: WeightInit): { weight: string; scale: number } {
    const weight = this.initializer(`${name}_quantized`, DataType.INT8, dims, int8Weight({ name, dims, init, seed: this.seed }));
    return { weight, scale: int8Scale(init) };
  }

  int64s(values: readonly number[], dims: readonly number[] = [values.length]): string {
    return this.constant('i64', values, dims, () => {
      const data = new BigInt64Array(values.map(BigInt));
      return { dataType: DataType.INT64, bytes: new Uint8Array(data.buffer) };
    });
  }

  float32s(values: readonly number[], dims: readonly number[] = [values.length]): string {
    return this.constant('f32', values, dims, () => ({
      dataType: DataType.FLOAT,
      bytes: new Uint8Array(Float32Array.from(values).buffer),
    }));
  }

  int8s(values: readonly number[], dims: readonly number[] = [values.length]): string {
    return this.constant('i8', values, dims, () => ({
      dataType: DataType.INT8,
      bytes: new Uint8Array(Int8Array.from(values).buffer),
    }));
  }

  private constant(
    kind: string,
    values: readonly number[],
    dims: readonly number[],
    encode: () => { dataType: DataTypeCode; bytes: Uint8Array },
  ): string {
    const key = `${kind}:${dims.join('x')}:${values.join(',')}`;
    const existing = this.constants.get(key);
    if (existing) return existing;
    const { dataType, bytes } = encode();
    const name = this.initializer(`const_${this.constants.size}`, dataType, dims, bytes);
    this.constants.set(key, name);
    return name;
  }

  /** Adds a node; returns its output names (fresh ones unless given). */
  op(
    opType: string,
    inputs: readonly string[],
    options: { attributes?: Record<string, AttributeValue>; outputs?: number | readonly string[] } = {},
  ): string[] {
    const id = this.nextId++;
    const requested = options.outputs ?? 1;
    const outputs =
      typeof requested === 'number'
        ? Array.from({ length: requested }, (_, i) => `${opType}_${id}${requested > 1 ? `_${i}` : ''}`)
        : [...requested];
    this.nodes.push(
      nodeProto({ opType, inputs, outputs, name: `${opType}_${id}`, ...(options.attributes ? { attributes: options.attributes } : {}) }),
    );
    return outputs;
  }

  /** `op` for the usual single-output node. */
  op1(opType: string, inputs: readonly string[], attributes?: Record<string, AttributeValue>, output?: string): string {
    const [result] = this.op(opType, inputs, {
      ...(attributes ? { attributes } : {}),
      ...(output ? { outputs: [output] } : {}),
    });
    return result as string;
  }
}
