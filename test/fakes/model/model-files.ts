// The JSON files next to the ONNX graph: a Hugging Face tokenizers
// tokenizer.json (XLM-R style Unigram), tokenizer_config.json and config.json.
import { PAD_TOKEN_ID } from './encoder-graph.ts';
import type { GeneratedModelShape } from './shape.ts';
import { MASK_TOKEN, SPECIAL_TOKENS, WORD_MARKER, type VocabEntry } from './vocabulary.ts';

export const MODEL_MAX_LENGTH = 512;

export function tokenizerJson(vocabulary: readonly VocabEntry[]): object {
  const idOf = (token: string): number => vocabulary.findIndex(([piece]) => piece === token);
  const addedToken = (token: string) => ({
    id: idOf(token),
    content: token,
    single_word: false,
    lstrip: token === MASK_TOKEN,
    rstrip: false,
    normalized: false,
    special: true,
  });
  const special = (token: string) => ({ id: token, ids: [idOf(token)], tokens: [token] });
  const metaspace = { type: 'Metaspace', replacement: WORD_MARKER, prepend_scheme: 'always', split: true };
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [...SPECIAL_TOKENS, MASK_TOKEN].map(addedToken),
    // transformers.js implements "Precompiled" as SentencePiece's nmt_nfkc rules (control characters
    // dropped, odd spaces to " ", NFKC) whatever the charsmap holds, so none is shipped here.
    normalizer: {
      type: 'Sequence',
      normalizers: [
        { type: 'Precompiled', precompiled_charsmap: null },
        { type: 'Replace', pattern: { Regex: ' {2,}' }, content: ' ' },
      ],
    },
    pre_tokenizer: metaspace,
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: '<s>', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '</s>', type_id: 0 } }],
      pair: [
        { SpecialToken: { id: '<s>', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '</s>', type_id: 0 } },
        { SpecialToken: { id: '</s>', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 0 } },
        { SpecialToken: { id: '</s>', type_id: 0 } },
      ],
      special_tokens: { '<s>': special('<s>'), '</s>': special('</s>') },
    },
    decoder: metaspace,
    model: { type: 'Unigram', unk_id: idOf('<unk>'), vocab: vocabulary, byte_fallback: false },
  };
}

export function tokenizerConfigJson(): object {
  return {
    tokenizer_class: 'XLMRobertaTokenizer',
    model_max_length: MODEL_MAX_LENGTH,
    bos_token: '<s>',
    eos_token: '</s>',
    sep_token: '</s>',
    cls_token: '<s>',
    unk_token: '<unk>',
    pad_token: '<pad>',
    mask_token: MASK_TOKEN,
    clean_up_tokenization_spaces: true,
  };
}

export function configJson(shape: GeneratedModelShape): object {
  return {
    architectures: ['XLMRobertaModel'],
    model_type: 'xlm-roberta',
    hidden_size: shape.hidden,
    num_hidden_layers: shape.layers,
    num_attention_heads: shape.heads,
    intermediate_size: shape.intermediate,
    hidden_act: 'gelu',
    vocab_size: shape.vocabSize,
    max_position_embeddings: shape.maxPositions,
    type_vocab_size: 1,
    layer_norm_eps: 1e-5,
    pad_token_id: PAD_TOKEN_ID,
    bos_token_id: 0,
    eos_token_id: 2,
    position_embedding_type: 'absolute',
    hidden_dropout_prob: 0.1,
    attention_probs_dropout_prob: 0.1,
    initializer_range: 0.02,
    tokenizer_class: 'XLMRobertaTokenizer',
    torch_dtype: 'float32',
    transformers_version: '4.46.0',
    _generated_by: 'citebot test/fakes/model (random weights, not a trained model)',
  };
}
