import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { PartSource } from '@core/jobs/kind';
import { decodeData, encodeData } from './codec';
import { partFileName, paths, writeAtomic, type JobMeta } from './job-dir';

/**
 * A part file: what one shard's runShard returned, with a header saying which job, which shard and which app made
 * it. Collect refuses a part whose header does not match the folder's job.json, so a part copied from another job
 * (another configuration, seed or app version) can never slip into a result.
 */
export interface PartHeader {
  format: 'plasticity-lab-part';
  appVersion: string;
  jobKind: string;
  fingerprint: string;
  shard: number;
  task: number;
  arrayJobId: string | null;
  host: string;
  seconds: number;
  finishedAt: string;
}

/** A part that does not belong to this job, or cannot be read. */
export class PartRefusedError extends Error {
  constructor(readonly file: string, message: string) {
    super(`${file}: ${message}`);
    this.name = 'PartRefusedError';
  }
}

export function partPath(dir: string, meta: JobMeta, shard: number): string {
  return join(paths.parts(dir), partFileName(shard, meta.shards));
}

export function writePart(dir: string, meta: JobMeta, shard: number, part: unknown, info: { task: number; seconds: number; arrayJobId: string | null }): void {
  const header: PartHeader = {
    format: 'plasticity-lab-part', appVersion: meta.appVersion, jobKind: meta.jobKind, fingerprint: meta.fingerprint,
    shard, task: info.task, arrayJobId: info.arrayJobId, host: hostname(), seconds: info.seconds, finishedAt: new Date().toISOString(),
  };
  writeAtomic(partPath(dir, meta, shard), encodeData({ header, part }));
}

/** The header of a part as it relates to this job: null when it belongs, else why not. */
function mismatch(header: Partial<PartHeader> | undefined, meta: JobMeta, shard: number): string | null {
  if (!header || header.format !== 'plasticity-lab-part') return 'not a Plasticity Lab part';
  if (header.appVersion !== meta.appVersion) {
    return `written by plasticity-lab ${String(header.appVersion)}, but this job was planned by ${meta.appVersion}; parts from another app version are refused (the numbers may differ)`;
  }
  if (header.fingerprint !== meta.fingerprint || header.jobKind !== meta.jobKind) {
    return `written for another job (configuration, seed or kind differ: plan ${String(header.fingerprint).slice(0, 12)}…, this job's ${meta.fingerprint.slice(0, 12)}…)`;
  }
  if (header.shard !== shard) return `holds shard ${String(header.shard)}, not shard ${shard}`;
  return null;
}

/** Reads one part and checks that it belongs to this job; throws PartRefusedError naming the file otherwise. */
export function readPart(dir: string, meta: JobMeta, shard: number): { header: PartHeader; part: unknown } {
  const file = partPath(dir, meta, shard);
  let decoded: { header?: PartHeader; part?: unknown };
  try {
    decoded = decodeData(readFileSync(file), file) as typeof decoded;
  } catch (error) {
    throw new PartRefusedError(file, (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : (error as Error).message);
  }
  const why = mismatch(decoded.header, meta, shard);
  if (why) throw new PartRefusedError(file, why);
  return { header: decoded.header!, part: decoded.part };
}

/** Whether the part of `shard` is present and belongs to this job (an array task skips those on a rerun). */
export function hasValidPart(dir: string, meta: JobMeta, shard: number): boolean {
  try {
    readPart(dir, meta, shard);
    return true;
  } catch {
    return false;
  }
}

/** The parts of a job read from its folder one at a time, each checked, for a kind's streaming merge. */
export function folderPartSource(dir: string, meta: JobMeta, onRead?: (shard: number) => void): PartSource<unknown> {
  return {
    count: meta.shards,
    read(index) {
      const { part } = readPart(dir, meta, index);
      onRead?.(index);
      return part;
    },
  };
}
