#!/usr/bin/env python3
"""Draws the SYNTHETIC example data sets in resources/examples/ (standard library only, fixed seed).

Every file is synthetic: drawn here from log-normal distributions, never measured. Re-running this script
reproduces the committed files byte for byte (Python's Mersenne Twister and gauss() are stable across 3.x).

Parameters and where they come from:
- EPSP amplitudes (mV): log-normal with mu = -0.702 and sigma^2 = 0.8752 (sigma = 0.9355), natural log of mV,
  the log-normal fit to unitary EPSP amplitudes between layer-5 pyramidal neurons of rat visual cortex in
  Song S, Sjostrom PJ, Reigl M, Nelson S, Chklovskii DB (2005) Highly nonrandom features of synaptic connectivity in
  local cortical circuits. PLoS Biol 3(3):e68, Figure 5A and Appendix S1 (mean 0.77 mV, median 0.50 mV).
- Grouped EPSPs: the same distribution per animal and area, shifted in log space by an area effect (+0.25 for S1) and
  a per-animal effect (sd 0.15). These shifts are ILLUSTRATIVE, not taken from a paper: they give the grouping
  something to find.
- Paired spine volumes (µm³): before ~ log-normal with median 0.1 µm³ and log-scale sd 0.8; after = before times
  exp(N(0.1, 0.35)), i.e. multiplicative changes, the dynamics Loewenstein Y, Kuras A, Rumpel S (2011) Multiplicative
  dynamics underlie the emergence of the log-normal distribution of spine sizes in the neocortex in vivo.
  J Neurosci 31(26):9481-9488 describe. The numbers (median, sds, mean change) are ILLUSTRATIVE, not from a table.

Run: /usr/bin/python3 scripts/make-examples.py [OUTPUT_DIR]   (default resources/examples)
"""
import math
import os
import random
import sys

SEED = 20240305
HEADER = "# SYNTHETIC example data drawn by scripts/make-examples.py (seed {seed}); not measured data.\n# {what}\n"


def lognormal(rng, mu, sigma):
    return math.exp(rng.gauss(mu, sigma))


def write(path, what, header, rows):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(HEADER.format(seed=SEED, what=what))
        f.write(",".join(header) + "\n")
        for row in rows:
            f.write(",".join(row) + "\n")


def main(out):
    os.makedirs(out, exist_ok=True)
    rng = random.Random(SEED)

    mu, sigma = -0.702, math.sqrt(0.8752)
    write(
        os.path.join(out, "epsp-amplitudes-synthetic.csv"),
        "EPSP amplitudes, log-normal mu=-0.702 sigma=0.9355 (ln mV) after Song et al. 2005 PLoS Biol 3:e68, Fig. 5A / Appendix S1.",
        ["connection", "amplitude (mV)"],
        [[f"c{i + 1:03d}", f"{lognormal(rng, mu, sigma):.4f}"] for i in range(300)],
    )

    rows = []
    for a in range(6):
        animal_shift = rng.gauss(0.0, 0.15)
        for area, area_shift in (("V1", 0.0), ("S1", 0.25)):
            for _ in range(40):
                rows.append([f"m{a + 1}", area, f"{lognormal(rng, mu + area_shift + animal_shift, sigma):.4f}"])
    write(
        os.path.join(out, "epsp-grouped-synthetic.csv"),
        "EPSP amplitudes by animal and area: Song et al. 2005 distribution with ILLUSTRATIVE area (+0.25 for S1) and animal (sd 0.15) shifts in ln mV.",
        ["animal", "area", "amplitude (mV)"],
        rows,
    )

    rows = []
    for i in range(120):
        before = lognormal(rng, math.log(0.1), 0.8)
        after = before * math.exp(rng.gauss(0.1, 0.35))
        rows.append([f"s{i + 1:03d}", f"{before:.5f}", f"{after:.5f}"])
    write(
        os.path.join(out, "spine-volume-paired-synthetic.csv"),
        "Spine volumes before/after, multiplicative changes as in Loewenstein et al. 2011 J Neurosci 31:9481; all parameters ILLUSTRATIVE.",
        ["spine", "before (µm³)", "after (µm³)"],
        rows,
    )


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "examples"))
