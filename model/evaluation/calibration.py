"""Temperature scaling fitted on held-out data, and the figures ``cifar10 eval --calibrate``
reports and stores.

Temperature scaling (Guo et al., 2017, "On Calibration of Modern Neural Networks", sec. 4.2)
divides every logit by one scalar ``T > 0`` chosen to minimise the negative log-likelihood on
held-out data. ``T > 1`` softens over-confident probabilities; the ranking of classes, hence
accuracy, does not change. Guo et al. found it the most effective of the calibration methods
they compared, despite having a single parameter.

Held-out data: the evaluated split is divided by a fixed-seed random permutation into a *fit*
half (the temperature and the thresholds of the not-sure rule of
:mod:`model.inference.confidence` are fitted there) and a *report* half (the calibration error
before and after, and how often the not-sure rule fires, are measured there), so the reported
improvement is not measured on the images it was fitted to. The split must be data the network
was not trained on: for the bundled model, trained on all 50,000 training images, that is the
test split.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np

from model.evaluation.metrics import ECE_BINS, expected_calibration_error
from model.inference.confidence import (
    ENERGY_PERCENTILE,
    IMAGE_PERCENTILE,
    MIN_PROBABILITY,
    Confidence,
    fit_energy_threshold,
    fit_image_thresholds,
    fit_max_correlation,
    logsumexp,
    softmax,
)

# Search range for T. Trained networks are usually over-confident by a factor of 1 to 3
# (Guo et al., 2017, table 1 reports T of about 1.5 to 2.5 for CIFAR ResNets); the range is far
# wider so a fit at a bound means something is wrong, not that the range was tight.
T_MIN, T_MAX = 0.05, 20.0
SPLIT_SEED = 0


def nll(logits: np.ndarray, labels: np.ndarray, temperature: float = 1.0) -> float:
    """Mean negative log-likelihood of ``labels`` under ``softmax(logits / temperature)``."""
    z = np.asarray(logits, dtype=np.float64) / temperature
    return float((logsumexp(z) - z[np.arange(len(z)), labels]).mean())


def fit_temperature(logits: np.ndarray, labels: np.ndarray, *,
                    bounds: tuple[float, float] = (T_MIN, T_MAX), tol: float = 1e-6) -> float:
    """The ``T`` in ``bounds`` that minimises :func:`nll` (Guo et al., 2017).

    Golden-section search on ``log T``: deterministic, needs no gradient, and exact enough in
    ~40 steps. The NLL is convex in ``1/T`` (a log-sum-exp of a linear function minus a linear
    function), so it has a single minimum along ``log T`` and the search finds it.
    """
    logits = np.asarray(logits, dtype=np.float64)
    labels = np.asarray(labels)
    if logits.ndim != 2 or len(logits) != len(labels) or len(labels) == 0:
        raise ValueError(f"need N×C logits and N labels (N ≥ 1), got {logits.shape} and "
                         f"{labels.shape}")
    lo, hi = math.log(bounds[0]), math.log(bounds[1])
    inv_phi = (math.sqrt(5) - 1) / 2

    def cost(log_t: float) -> float:
        return nll(logits, labels, math.exp(log_t))

    a, b = lo + (1 - inv_phi) * (hi - lo), lo + inv_phi * (hi - lo)
    fa, fb = cost(a), cost(b)
    while hi - lo > tol:
        if fa <= fb:  # the minimum lies in [lo, b]
            hi, b, fb = b, a, fa
            a = lo + (1 - inv_phi) * (hi - lo)
            fa = cost(a)
        else:         # the minimum lies in [a, hi]
            lo, a, fa = a, b, fb
            b = lo + inv_phi * (hi - lo)
            fb = cost(b)
    return math.exp((lo + hi) / 2)


def split_halves(count: int, seed: int = SPLIT_SEED) -> tuple[np.ndarray, np.ndarray]:
    """Indices of the fit half and the report half of ``count`` images (fixed-seed permutation;
    the report half gets the odd one out)."""
    order = np.random.default_rng(seed).permutation(count)
    return np.sort(order[:count // 2]), np.sort(order[count // 2:])


@dataclass
class CalibrationResult:
    """What ``cifar10 eval --calibrate`` measured; figures are on the report half."""

    temperature: float
    energy_threshold: float
    min_contrast: float | None     # not-sure image thresholds (None: no pixels were given)
    min_correlation: float | None
    max_correlation: float | None  # above it, smoother than photos
    ece_before: float
    ece_after: float
    nll_before: float
    nll_after: float
    accuracy: float             # unchanged by the temperature; for context
    not_sure_fraction: float    # report-half images the not-sure rule flags
    accuracy_sure: float        # accuracy on the images it does not flag (nan if none)
    accuracy_not_sure: float    # ... and on those it flags (nan if none)
    fit_count: int
    report_count: int
    seed: int

    def record(self) -> dict:
        """The JSON-ready record (NaN, which JSON lacks, becomes None)."""
        return {k: (None if isinstance(v, float) and math.isnan(v) else v)
                for k, v in asdict(self).items()}


def calibrate(logits: np.ndarray, labels: np.ndarray, pixels: np.ndarray | None = None,
              seed: int = SPLIT_SEED) -> CalibrationResult:
    """Fit the temperature and the not-sure thresholds on one half, report on the other.

    ``pixels`` (N×H×W×3 uint8, the network inputs) fit the ``not_photo_like`` check too."""
    logits = np.asarray(logits, dtype=np.float64)
    labels = np.asarray(labels)
    if len(labels) < 2:
        raise ValueError(f"calibration needs at least 2 images (one per half), got {len(labels)}")
    if pixels is not None and len(pixels) != len(labels):
        raise ValueError(f"{len(pixels)} images for {len(labels)} labels")
    fit, report = split_halves(len(labels), seed)
    temperature = fit_temperature(logits[fit], labels[fit])
    min_contrast = min_correlation = max_correlation = None
    if pixels is not None:
        min_contrast, min_correlation = fit_image_thresholds(pixels[fit])
        max_correlation = fit_max_correlation(pixels[fit])
    confidence = Confidence(temperature=temperature,
                            energy_threshold=fit_energy_threshold(logits[fit]),
                            min_contrast=min_contrast, min_correlation=min_correlation,
                            max_correlation=max_correlation)
    z, y = logits[report], labels[report]
    before, after = softmax(z), confidence.probabilities(z)
    correct = after.argmax(1) == y
    reasons = confidence.reasons(z, after, None if pixels is None else pixels[report])
    flagged = np.array([bool(r) for r in reasons])
    return CalibrationResult(
        temperature=temperature, energy_threshold=float(confidence.energy_threshold),
        min_contrast=min_contrast, min_correlation=min_correlation,
        max_correlation=max_correlation, ece_before=expected_calibration_error(before, y),
        ece_after=expected_calibration_error(after, y),
        nll_before=nll(z, y), nll_after=nll(z, y, temperature),
        accuracy=float(correct.mean()), not_sure_fraction=float(flagged.mean()),
        accuracy_sure=_mean(correct[~flagged]), accuracy_not_sure=_mean(correct[flagged]),
        fit_count=len(fit), report_count=len(report), seed=seed)


def _mean(x: np.ndarray) -> float:
    return float(x.mean()) if len(x) else float("nan")


def format_calibration(result: CalibrationResult) -> str:
    """Plain-text summary for the terminal."""
    def pct(x: float) -> str:
        return "n/a" if math.isnan(x) else f"{100 * x:.2f}%"

    r = result
    return "\n".join([
        f"Temperature scaling (fitted on {r.fit_count} images, reported on the other "
        f"{r.report_count}; split seed {r.seed}):",
        f"  temperature:       {r.temperature:.4f}",
        f"  calibration (ECE): {pct(r.ece_before)} -> {pct(r.ece_after)}  ({ECE_BINS} bins)",
        f"  mean NLL:          {r.nll_before:.4f} -> {r.nll_after:.4f}",
        f"  accuracy:          {pct(r.accuracy)}  (a temperature cannot change it)",
        "Not-sure rule, thresholds from the fit half (model/inference/confidence.py):",
        f"  top probability <  {MIN_PROBABILITY:.0%}",
        f"  energy >           {r.energy_threshold:.4f}  ({ENERGY_PERCENTILE:g}th percentile)",
        *([f"  contrast <         {r.min_contrast:.2f} or neighbour correlation < "
           f"{r.min_correlation:.4f}  ({IMAGE_PERCENTILE:g}th percentiles)"]
          if r.min_contrast is not None else []),
        *([f"  neighbour corr. >  {r.max_correlation:.4f}  "
           f"({100 - IMAGE_PERCENTILE:g}th percentile: smoother than photos)"]
          if r.max_correlation is not None else []),
        f"  flagged:           {pct(r.not_sure_fraction)} of the report half",
        f"  accuracy:          {pct(r.accuracy_sure)} on the rest, "
        f"{pct(r.accuracy_not_sure)} on the flagged",
    ])
