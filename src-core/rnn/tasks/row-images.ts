/**
 * Row-wise sequence classification of small images, the in-app stand-in for the row-wise MNIST RNN of Pogodin et al.
 * 2024 (finetuning_rnn.py: one image row per time step, a class read out at the last step). The images are digits
 * drawn by this project (digit-glyphs.ts), each with its own random affine distortion (rotation, scale, shear,
 * shift), stroke width and pixel noise, rendered with anti-aliased edges: nothing is downloaded or shipped.
 *
 * Inputs: the `size` pixels of row t at step t (T = size). Output: softmax cross-entropy over `classes` digits,
 * scored at the last step only.
 *
 * A fixed training set (`trainingSet` > 0 images drawn once from `dataSeed`, classes in turn) is the paper's
 * interpolation regime: a batch at least as large as the set is the whole set in its order (full batch), a smaller
 * one a random subset without repeats. The held-out evaluation batch of a training run then is the training set as
 * well (the authors measure their fine-tuning accuracy on the fine-tuning set). With `trainingSet` 0 every batch
 * is fresh images.
 */
import { createRng, type Rng } from '../../random/rng';
import { DIGIT_GLYPHS, type Glyph } from './digit-glyphs';
import { emptyBatch, type Task, type TaskBatch } from './types';

/** The training set's own stream, away from the streams a training run draws from its seed (0-5). */
const POOL_STREAM = 0x524f57;

export interface RowImagesConfig {
  size: number;
  classes: number;
  trainingSet: number;
  dataSeed: number;
  noiseStd: number;
  maxRotation: number;
}

/** One image, size x size row-major with values in about [0, 1] (plus noise). */
export function renderDigit(glyph: Glyph, size: number, rng: Rng, config: Pick<RowImagesConfig, 'noiseStd' | 'maxRotation'>): Float64Array {
  const angle = ((rng.uniform() * 2 - 1) * config.maxRotation * Math.PI) / 180;
  const sx = 0.85 + 0.25 * rng.uniform();
  const sy = 0.85 + 0.25 * rng.uniform();
  const shear = (rng.uniform() * 2 - 1) * 0.15;
  const dx = (rng.uniform() * 2 - 1) * 0.08;
  const dy = (rng.uniform() * 2 - 1) * 0.08;
  const halfWidth = (0.07 + 0.05 * rng.uniform()) / 2;
  const cos = Math.cos(angle), sin = Math.sin(angle);
  // Stroke points about the centre: shear, scale, rotate, shift; then in pixel units.
  const place = ([x, y]: readonly [number, number]): [number, number] => {
    const u = (x - 0.5 + shear * (y - 0.5)) * sx;
    const v = (y - 0.5) * sy;
    return [(0.5 + dx + cos * u - sin * v) * size, (0.5 + dy + sin * u + cos * v) * size];
  };
  const segments: number[] = [];
  for (const line of glyph) {
    for (let k = 0; k + 1 < line.length; k++) segments.push(...place(line[k]), ...place(line[k + 1]));
  }
  const radius = halfWidth * size;
  const image = new Float64Array(size * size);
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      const px = c + 0.5, py = r + 0.5;
      let d2 = Infinity;
      for (let s = 0; s < segments.length; s += 4) d2 = Math.min(d2, squaredDistanceToSegment(px, py, segments[s], segments[s + 1], segments[s + 2], segments[s + 3]));
      // Ink within the stroke's half width, an edge one pixel wide.
      const ink = Math.min(1, Math.max(0, radius - Math.sqrt(d2) + 0.5));
      image[r * size + c] = ink + config.noiseStd * rng.normal();
    }
  }
  return image;
}

function squaredDistanceToSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const ex = bx - ax, ey = by - ay;
  const len2 = ex * ex + ey * ey;
  const t = len2 > 0 ? Math.min(1, Math.max(0, ((px - ax) * ex + (py - ay) * ey) / len2)) : 0;
  const qx = ax + t * ex - px, qy = ay + t * ey - py;
  return qx * qx + qy * qy;
}

export function rowImagesTask(config: RowImagesConfig): Task {
  const { size, classes } = config;
  if (classes > DIGIT_GLYPHS.length) throw new RangeError(`row-images: at most ${DIGIT_GLYPHS.length} classes, got ${classes}`);
  const steps = size;
  // The fixed training set, drawn once: image k shows class k mod classes.
  const pool = config.trainingSet > 0 ? drawImages(createRng(config.dataSeed, POOL_STREAM), config, config.trainingSet, (k) => k % classes) : null;

  function fill(batch: number, image: (r: number) => { pixels: Float64Array; label: number }): TaskBatch {
    const b = emptyBatch(steps, batch, size, classes, 'cross-entropy', 'argmax');
    for (let r = 0; r < batch; r++) {
      const { pixels, label } = image(r);
      for (let t = 0; t < steps; t++) b.x.set(pixels.subarray(t * size, (t + 1) * size), (t * batch + r) * size);
      const last = (steps - 1) * batch + r;
      b.target[last * classes + label] = 1;
      b.mask[last] = 1;
      b.scoreMask[last] = 1;
    }
    return b;
  }

  return {
    name: 'row-images', nIn: size, nOut: classes, steps,
    sample(rng: Rng, batch: number): TaskBatch {
      if (!pool) {
        const fresh = drawImages(rng, config, batch, () => rng.int(classes));
        return fill(batch, (r) => fresh[r]);
      }
      if (batch >= pool.length) return fill(pool.length, (r) => pool[r]);
      // A random subset without repeats: a partial Fisher-Yates shuffle of the indices.
      const idx = Array.from({ length: pool.length }, (_, i) => i);
      for (let i = 0; i < batch; i++) {
        const j = i + rng.int(pool.length - i);
        [idx[i], idx[j]] = [idx[j], idx[i]];
      }
      return fill(batch, (r) => pool[idx[r]]);
    },
  };
}

function drawImages(rng: Rng, config: RowImagesConfig, count: number, labelOf: (k: number) => number): { pixels: Float64Array; label: number }[] {
  return Array.from({ length: count }, (_, k) => {
    const label = labelOf(k);
    return { pixels: renderDigit(DIGIT_GLYPHS[label], config.size, rng, config), label };
  });
}
