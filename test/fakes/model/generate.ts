// Writes a random-weight model that transformers.js can load from a local folder.
//   tsx test/fakes/model/generate.ts --out DIR [--shape e5-small|tiny] [--model-id org/name] [--seed N] [--reuse]
// --reuse keeps a model already generated in DIR from the same inputs.
// Then: env.localModelPath = DIR; env.allowRemoteModels = false; pipeline('feature-extraction', modelId, { dtype }).
import { parseArgs } from 'node:util';
import { E5_SMALL_SHAPE, writeGeneratedModel, type GenerateModelOptions } from './write-model.ts';

const SHAPES: Record<string, GenerateModelOptions> = {
  tiny: {},
  'e5-small': { ...E5_SMALL_SHAPE },
};

const { values } = parseArgs({
  options: {
    out: { type: 'string' },
    shape: { type: 'string', default: 'tiny' },
    'model-id': { type: 'string' },
    seed: { type: 'string' },
    reuse: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h' },
  },
});

const shape = SHAPES[values.shape];
if (values.help || !values.out || !shape) {
  process.stderr.write(
    'usage: tsx test/fakes/model/generate.ts --out DIR [--shape e5-small|tiny] [--model-id org/name] [--seed N] [--reuse]\n',
  );
  process.exit(values.help ? 0 : 2);
}

const startedAt = performance.now();
const generated = await writeGeneratedModel(values.out, {
  ...shape,
  ...(values['model-id'] ? { modelId: values['model-id'] } : {}),
  ...(values.seed ? { seed: Number(values.seed) } : {}),
  reuseExisting: values.reuse,
});
const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
process.stderr.write(`model ${generated.modelId} ready in ${generated.dir} (${seconds} s)\n`);
process.stdout.write(`${JSON.stringify(generated)}\n`);
