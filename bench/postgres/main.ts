import { positiveNumber } from '../lib/env.ts';
import { provenance } from '../lib/machine.ts';
import { commandLine, isMainModule } from '../lib/main-module.ts';
import { writeSection } from '../lib/report.ts';
import { benchDatabase } from './cluster.ts';
import { measureParity, type ParityResult } from './parity.ts';
import { renderPostgres } from './render.ts';
import { measureReplicaLoad } from './replicas-load.ts';

/** `npm run bench:postgres`: ranking parity of the postgres backend on PIAF and Service-Public, and answers per second with 1 and 2 replicas. */
export async function benchPostgres(): Promise<void> {
  const started = performance.now();
  const questionLimit = process.env.BENCH_PARITY_QUESTIONS ? positiveNumber('BENCH_PARITY_QUESTIONS', 0) : undefined;
  const loadQuestions = process.env.BENCH_REPLICA_QUESTIONS ? positiveNumber('BENCH_REPLICA_QUESTIONS', 0) : 400;
  const database = await benchDatabase();
  try {
    const parity: ParityResult[] = [];
    for (const corpus of ['PIAF', 'Service-Public'] as const) {
      process.stderr.write(`postgres: parity on ${corpus}\n`);
      parity.push(await measureParity(corpus, database.url, { ...(questionLimit ? { questionLimit } : {}), seed: 20261201 }));
    }
    process.stderr.write('postgres: answers per second with 1 and 2 replicas\n');
    let load = null;
    let skipped: string | null = null;
    try {
      load = await measureReplicaLoad(database.url, { questions: loadQuestions, seed: 20261201 });
    } catch (error) {
      skipped = (error as Error).message;
    }
    const header = provenance(commandLine('bench:postgres'), (performance.now() - started) / 1000);
    writeSection('postgres', renderPostgres(header, parity, load, skipped));
  } finally {
    await database.close();
  }
}

if (isMainModule(import.meta.url)) {
  await benchPostgres();
}
