import { readFileSync } from 'node:fs';
import os from 'node:os';

function packageVersion(name: string): string {
  try {
    // Read the manifest by path: packages with an "exports" map do not export their package.json.
    const manifestUrl = new URL(`../../node_modules/${name}/package.json`, import.meta.url);
    const manifest = JSON.parse(readFileSync(manifestUrl, 'utf8')) as { version?: string };
    return manifest.version ?? 'unknown';
  } catch {
    return 'not installed';
  }
}

export interface MachineInfo {
  cores: number;
  cpuModel: string;
  memoryGiB: number;
  platform: string;
  node: string;
  versions: Record<string, string>;
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cores: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGiB: os.totalmem() / 1024 ** 3,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    node: process.version,
    versions: {
      'hnswlib-node': packageVersion('hnswlib-node'),
      '@huggingface/transformers': packageVersion('@huggingface/transformers'),
    },
  };
}

/** The lines every section starts with: what ran, when, where, with which versions. */
export function provenance(command: string, runSeconds?: number): string {
  const machine = machineInfo();
  const versions = Object.entries(machine.versions)
    .map(([name, version]) => `${name} ${version}`)
    .join(', ');
  const lines = [
    `- Command: \`${command}\``,
    `- Date: ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}`,
    `- Machine: ${machine.cores} cores (${machine.cpuModel}), ${machine.memoryGiB.toFixed(1)} GiB memory, ${machine.platform}`,
    `- Versions: node ${machine.node}, ${versions}`,
  ];
  const [oneMinute, fiveMinutes] = os.loadavg();
  lines.push(
    `- Load average when written: ${oneMinute?.toFixed(1)} (1 min), ${fiveMinutes?.toFixed(1)} (5 min) on ${machine.cores} cores: ` +
      `other work on this shared machine slows the absolute times; compare the ratios measured side by side`,
  );
  if (runSeconds !== undefined) lines.push(`- Run time of this section: ${runSeconds.toFixed(0)} s`);
  return lines.join('\n');
}
