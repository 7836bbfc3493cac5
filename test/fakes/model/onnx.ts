// The subset of onnx.proto (github.com/onnx/onnx, onnx/onnx.proto) needed to
// write an inference graph. Field numbers are those of onnx.proto.
import { ProtoMessage, type LazyBytes } from './protobuf.ts';

export const DataType = {
  FLOAT: 1,
  UINT8: 2,
  INT8: 3,
  INT32: 6,
  INT64: 7,
  BOOL: 9,
} as const;
export type DataTypeCode = (typeof DataType)[keyof typeof DataType];

export type AttributeValue =
  | { kind: 'int'; value: number }
  | { kind: 'ints'; value: readonly number[] }
  | { kind: 'float'; value: number };

export const attr = {
  int: (value: number): AttributeValue => ({ kind: 'int', value }),
  ints: (value: readonly number[]): AttributeValue => ({ kind: 'ints', value }),
  float: (value: number): AttributeValue => ({ kind: 'float', value }),
};

const ATTRIBUTE_TYPE = { float: 1, int: 2, ints: 7 } as const;

function attributeProto(name: string, attribute: AttributeValue): ProtoMessage {
  const message = new ProtoMessage().string(1, name);
  switch (attribute.kind) {
    case 'float':
      message.float(2, attribute.value);
      break;
    case 'int':
      message.varint(3, attribute.value);
      break;
    case 'ints':
      for (const value of attribute.value) message.varint(8, value);
      break;
  }
  return message.varint(20, ATTRIBUTE_TYPE[attribute.kind]);
}

export function nodeProto(node: {
  opType: string;
  inputs: readonly string[];
  outputs: readonly string[];
  name: string;
  attributes?: Readonly<Record<string, AttributeValue>>;
}): ProtoMessage {
  const message = new ProtoMessage();
  for (const input of node.inputs) message.string(1, input);
  for (const output of node.outputs) message.string(2, output);
  message.string(3, node.name).string(4, node.opType);
  for (const [name, value] of Object.entries(node.attributes ?? {})) {
    message.message(5, attributeProto(name, value));
  }
  return message;
}

export function tensorProto(tensor: {
  name: string;
  dataType: DataTypeCode;
  dims: readonly number[];
  rawData: Uint8Array | LazyBytes;
}): ProtoMessage {
  const message = new ProtoMessage();
  for (const dim of tensor.dims) message.varint(1, dim);
  return message.varint(2, tensor.dataType).string(8, tensor.name).bytes(9, tensor.rawData);
}

/** A dimension is a fixed size or a symbolic name such as "batch_size". */
export type Dimension = number | string;

export function valueInfoProto(name: string, elemType: DataTypeCode, shape: readonly Dimension[]): ProtoMessage {
  const shapeProto = new ProtoMessage();
  for (const dim of shape) {
    const dimension = typeof dim === 'number' ? new ProtoMessage().varint(1, dim) : new ProtoMessage().string(2, dim);
    shapeProto.message(1, dimension);
  }
  const tensorType = new ProtoMessage().varint(1, elemType).message(2, shapeProto);
  const typeProto = new ProtoMessage().message(1, tensorType);
  return new ProtoMessage().string(1, name).message(2, typeProto);
}

export function graphProto(graph: {
  name: string;
  nodes: readonly ProtoMessage[];
  initializers: readonly ProtoMessage[];
  inputs: readonly ProtoMessage[];
  outputs: readonly ProtoMessage[];
}): ProtoMessage {
  const message = new ProtoMessage();
  for (const node of graph.nodes) message.message(1, node);
  message.string(2, graph.name);
  for (const initializer of graph.initializers) message.message(5, initializer);
  for (const input of graph.inputs) message.message(11, input);
  for (const output of graph.outputs) message.message(12, output);
  return message;
}

export function modelProto(model: { graph: ProtoMessage; opsetVersion: number; irVersion: number; producer: string }): ProtoMessage {
  const opset = new ProtoMessage().string(1, '').varint(2, model.opsetVersion);
  return new ProtoMessage()
    .varint(1, model.irVersion)
    .string(2, model.producer)
    .message(7, model.graph)
    .message(8, opset);
}
