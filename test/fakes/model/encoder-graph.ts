// An XLM-RoBERTa / BERT encoder graph as exported for transformers.js
// (inputs input_ids + attention_mask, output last_hidden_state), with random
// weights. 'q8' is a dynamically quantised variant like the published
// model_quantized.onnx files: int8 weights, DynamicQuantizeLinear +
// MatMulInteger for the linear layers, an int8 word-embedding table.
import { GraphBuilder } from './graph-builder.ts';
import { attr, DataType, graphProto, modelProto, valueInfoProto } from './onnx.ts';
import type { ProtoMessage } from './protobuf.ts';
import type { GeneratedModelShape } from './shape.ts';
import type { WeightInit } from './weights.ts';

export type Precision = 'fp32' | 'q8';

export const PAD_TOKEN_ID = 1;
const LAYER_NORM_EPSILON = 1e-5;
const WEIGHT_INIT: WeightInit = { kind: 'normal', std: 0.02 };
const ZEROS: WeightInit = { kind: 'constant', value: 0 };
const ONES: WeightInit = { kind: 'constant', value: 1 };
const MASKED_SCORE = -10000;
const OPSET = 17; // LayerNormalization is an ONNX op from opset 17
const IR_VERSION = 8;

export function buildEncoderModel(shape: GeneratedModelShape, options: { seed: number; precision: Precision }): ProtoMessage {
  const g = new GraphBuilder(options.seed);
  const quantized = options.precision === 'q8';
  const { hidden, heads } = shape;
  const headSize = hidden / heads;

  const layerNorm = (x: string, prefix: string, output?: string): string =>
    g.op1(
      'LayerNormalization',
      [x, g.weight(`${prefix}.weight`, [hidden], ONES), g.weight(`${prefix}.bias`, [hidden], ZEROS)],
      { axis: attr.int(-1), epsilon: attr.float(LAYER_NORM_EPSILON) },
      output,
    );

  const linear = (x: string, prefix: string, inFeatures: number, outFeatures: number): string => {
    const bias = g.weight(`${prefix}.bias`, [outFeatures], ZEROS);
    if (!quantized) {
      const product = g.op1('MatMul', [x, g.weight(`${prefix}.weight`, [inFeatures, outFeatures], WEIGHT_INIT)]);
      return g.op1('Add', [product, bias]);
    }
    const { weight, scale } = g.int8Weight(`${prefix}.weight`, [inFeatures, outFeatures], WEIGHT_INIT);
    const [xQuantized, xScale, xZeroPoint] = g.op('DynamicQuantizeLinear', [x], { outputs: 3 }) as [string, string, string];
    const product = g.op1('MatMulInteger', [xQuantized, weight, xZeroPoint]);
    const productScale = g.op1('Mul', [xScale, g.float32s([scale], [])]);
    const dequantized = g.op1('Mul', [g.op1('Cast', [product], { to: attr.int(DataType.FLOAT) }), productScale]);
    return g.op1('Add', [dequantized, bias]);
  };

  // Embeddings: word + position (XLM-R numbering: padding_idx + cumulative count of real tokens) + token type 0.
  const wordEmbeddings = (() => {
    const name = 'embeddings.word_embeddings.weight';
    if (!quantized) return g.op1('Gather', [g.weight(name, [shape.vocabSize, hidden], WEIGHT_INIT), 'input_ids']);
    const { weight, scale } = g.int8Weight(name, [shape.vocabSize, hidden], WEIGHT_INIT);
    const rows = g.op1('Gather', [weight, 'input_ids']);
    return g.op1('DequantizeLinear', [rows, g.float32s([scale], []), g.int8s([0], [])]);
  })();
  const isToken = g.op1('Cast', [g.op1('Not', [g.op1('Equal', ['input_ids', g.int64s([PAD_TOKEN_ID], [])])])], {
    to: attr.int(DataType.INT64),
  });
  const tokenCount = g.op1('Mul', [g.op1('CumSum', [isToken, g.int64s([1], [])]), isToken]);
  const positionIds = g.op1('Add', [tokenCount, g.int64s([PAD_TOKEN_ID], [])]);
  const positionEmbeddings = g.op1('Gather', [
    g.weight('embeddings.position_embeddings.weight', [shape.maxPositions, hidden], WEIGHT_INIT),
    positionIds,
  ]);
  const tokenTypeEmbedding = g.weight('embeddings.token_type_embeddings.weight', [1, hidden], WEIGHT_INIT);
  const embeddingSum = g.op1('Add', [g.op1('Add', [wordEmbeddings, positionEmbeddings]), tokenTypeEmbedding]);
  let hiddenStates = layerNorm(embeddingSum, 'embeddings.LayerNorm');

  // attention_mask [batch, seq] -> additive bias [batch, 1, 1, seq]: 0 where attended, MASKED_SCORE on padding.
  const maskFloat = g.op1('Cast', ['attention_mask'], { to: attr.int(DataType.FLOAT) });
  const maskBias = g.op1('Unsqueeze', [
    g.op1('Mul', [g.op1('Sub', [g.float32s([1], []), maskFloat]), g.float32s([MASKED_SCORE], [])]),
    g.int64s([1, 2]),
  ]);
  const splitHeads = g.int64s([0, 0, heads, headSize]);
  const mergeHeads = g.int64s([0, 0, hidden]);
  const inverseSqrtHeadSize = g.float32s([1 / Math.sqrt(headSize)], []);

  for (let layer = 0; layer < shape.layers; layer++) {
    const prefix = `encoder.layer.${layer}`;
    const x = hiddenStates;
    const project = (name: string): string =>
      g.op1('Reshape', [linear(x, `${prefix}.attention.self.${name}`, hidden, hidden), splitHeads]);
    const query = g.op1('Transpose', [project('query')], { perm: attr.ints([0, 2, 1, 3]) });
    const keyTransposed = g.op1('Transpose', [project('key')], { perm: attr.ints([0, 2, 3, 1]) });
    const value = g.op1('Transpose', [project('value')], { perm: attr.ints([0, 2, 1, 3]) });

    const scores = g.op1('Add', [g.op1('Mul', [g.op1('MatMul', [query, keyTransposed]), inverseSqrtHeadSize]), maskBias]);
    const probabilities = g.op1('Softmax', [scores], { axis: attr.int(-1) });
    const context = g.op1('Transpose', [g.op1('MatMul', [probabilities, value])], { perm: attr.ints([0, 2, 1, 3]) });
    const attentionOutput = linear(g.op1('Reshape', [context, mergeHeads]), `${prefix}.attention.output.dense`, hidden, hidden);
    const attended = layerNorm(g.op1('Add', [attentionOutput, x]), `${prefix}.attention.output.LayerNorm`);

    const intermediate = linear(attended, `${prefix}.intermediate.dense`, hidden, shape.intermediate);
    const activated = gelu(g, intermediate);
    const output = linear(activated, `${prefix}.output.dense`, shape.intermediate, hidden);
    const isLast = layer === shape.layers - 1;
    hiddenStates = layerNorm(g.op1('Add', [output, attended]), `${prefix}.output.LayerNorm`, isLast ? 'last_hidden_state' : undefined);
  }

  const graph = graphProto({
    name: 'generated_encoder',
    nodes: g.nodes,
    initializers: g.initializers,
    inputs: [
      valueInfoProto('input_ids', DataType.INT64, ['batch_size', 'sequence_length']),
      valueInfoProto('attention_mask', DataType.INT64, ['batch_size', 'sequence_length']),
    ],
    outputs: [valueInfoProto('last_hidden_state', DataType.FLOAT, ['batch_size', 'sequence_length', hidden])],
  });
  return modelProto({ graph, opsetVersion: OPSET, irVersion: IR_VERSION, producer: 'citebot test model generator' });
}

/** Exact GELU, 0.5 * x * (1 + erf(x / sqrt(2))); onnxruntime fuses this pattern into its Gelu kernel. */
function gelu(g: GraphBuilder, x: string): string {
  const erf = g.op1('Erf', [g.op1('Div', [x, g.float32s([Math.SQRT2], [])])]);
  return g.op1('Mul', [g.op1('Mul', [x, g.op1('Add', [erf, g.float32s([1], [])])]), g.float32s([0.5], [])]);
}
