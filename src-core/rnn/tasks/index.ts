/** The task catalogue: configuration (see schema.ts) -> seeded batch generator. */
import type { RnnTaskConfig } from '../schema';
import { contextDecisionTask } from './context-decision';
import { copyTask } from './copy';
import { delayedXorTask } from './delayed-xor';
import { matchToSampleTask } from './match-to-sample';
import { perceptualDecisionTask } from './perceptual-decision';
import { rowImagesTask } from './row-images';
import { streamingTask } from './streaming';
import { sumOfSinesTask } from './sum-of-sines';
import type { Task } from './types';

export type { Task, TaskBatch } from './types';

export function createTask(config: RnnTaskConfig): Task {
  switch (config.kind) {
    case 'sum-of-sines': return sumOfSinesTask(config);
    case 'delayed-xor': return delayedXorTask(config);
    case 'copy': return copyTask(config);
    case 'streaming-xor':
    case 'streaming-copy': return streamingTask(config.kind, config);
    case 'row-images': return rowImagesTask(config);
    case 'perceptual-decision': return perceptualDecisionTask(config);
    case 'delayed-match-to-sample': return matchToSampleTask(config);
    case 'context-decision': return contextDecisionTask(config);
  }
}
