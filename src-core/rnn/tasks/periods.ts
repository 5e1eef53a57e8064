/** Trial periods of the neurogym-style tasks (Molano-Mazon et al., neurogym): durations in ms become steps of dt. */
export interface Period { name: string; start: number; end: number }

export function layoutPeriods(dtMs: number, durations: [string, number][]): { periods: Period[]; steps: number } {
  if (!(dtMs > 0)) throw new RangeError('dt must be positive');
  const periods: Period[] = [];
  let t = 0;
  for (const [name, ms] of durations) {
    const len = Math.round(ms / dtMs);
    if (ms > 0 && len < 1) throw new RangeError(`period ${name} (${ms} ms) is shorter than one step of ${dtMs} ms`);
    periods.push({ name, start: t, end: t + len });
    t += len;
  }
  if (t < 1) throw new RangeError('the trial has no steps');
  return { periods, steps: t };
}

export function period(periods: Period[], name: string): Period {
  const p = periods.find((q) => q.name === name);
  if (!p) throw new Error(`no period ${name}`);
  return p;
}
