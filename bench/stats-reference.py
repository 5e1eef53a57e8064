#!/usr/bin/python3
"""scipy side of bench/stats.bench.ts (one thread). Prints one JSON line of seconds:
  fitSeconds: the seven standard families fitted (floc=0) to 1e5 log-normal values with log-likelihood, AIC/BIC,
              KS, AD and CvM statistics: tests/fixtures/stats-fit/bench_fit_scipy.py's run(), reused as it is;
  gofSeconds: scipy.stats.goodness_of_fit of a log-normal (loc fixed at 0) on n = 1000 with 1000 Monte Carlo
              resamples, refitting each (statistic 'ks'; scipy computes one statistic per call, we compute three).
Each figure is the median of 3 runs."""
import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np
from scipy import stats

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / 'tests' / 'fixtures' / 'stats-fit'))
from bench_fit_scipy import run as fit_report  # noqa: E402


def median_time(fn, repeats=3):
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


rng = np.random.default_rng(1)
x = rng.lognormal(-0.7, 0.6, 100000)
y = rng.lognormal(-0.7, 0.6, 1000)
fit_seconds = median_time(lambda: fit_report(x))
gof_seconds = median_time(lambda: stats.goodness_of_fit(stats.lognorm, y, known_params={'loc': 0}, statistic='ks',
                                                        n_mc_samples=1000, random_state=2))
print(json.dumps({'fitSeconds': fit_seconds, 'gofSeconds': gof_seconds}))
