#!/usr/bin/env python3
"""Reference values for the analytic CNN kernels (THEORY.md section 2b), from neural-tangents.

Computes the NNGP and NTK of the scalar output of

    [Conv(C, filter, stride 1, padding) -> phi] x depth -> GlobalAvgPool | Flatten -> Dense(1)

in the NTK parameterisation, in float64, for a fixed list of small cases (1-D and 2-D inputs,
CIRCULAR and SAME padding, both readouts, relu / erf / identity, filter sizes 1-3, depth 1-3),
and prints them as JSON on standard output. The inputs are a fixed formula (see `case_inputs`)
and are written into the JSON too, so the Swift test reads exactly what was computed here.

Usage:  python3 scripts/cnn_kernels_reference.py > fixtures/reference/neural-tangents-cnn-kernels.json
        python3 scripts/cnn_kernels_reference.py --high-precision-check

The second form also evaluates the recursion of THEORY.md section 2b independently, by brute force
in 40-digit arithmetic (mpmath), and reports on standard error how far neural-tangents' float64
values are from it, case by case, and adds those values (rounded to float64) to each case as
"nngp_40_digits" and "ntk_40_digits".

neural-tangents is not a dependency of the Swift package. When it cannot be imported, the script
creates a virtual environment under .build/neural-tangents-venv (git-ignored), installs pinned
versions there with pip, and runs itself again inside it. The pins are needed because
neural-tangents 0.6.5 imports names that newer jax releases removed.
"""
import json
import math
import os
import subprocess
import sys

PINNED = ["neural-tangents==0.6.5", "jax==0.4.26", "jaxlib==0.4.26", "tf2jax==0.3.6", "numpy<2", "mpmath"]
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV = os.path.join(ROOT, ".build", "neural-tangents-venv")


def ensure_neural_tangents():
    try:
        import neural_tangents  # noqa: F401
        return
    except ImportError:
        pass
    if os.environ.get("CNN_REFERENCE_IN_VENV"):
        sys.exit("neural-tangents is still not importable inside " + VENV)
    python = os.path.join(VENV, "bin", "python")
    if not os.path.exists(python):
        subprocess.check_call([sys.executable, "-m", "venv", VENV])
    subprocess.check_call([python, "-m", "pip", "install", "--quiet"] + PINNED, stdout=sys.stderr)
    env = dict(os.environ, CNN_REFERENCE_IN_VENV="1")
    os.execve(python, [python] + sys.argv, env)


ensure_neural_tangents()
os.environ.setdefault("JAX_PLATFORMS", "cpu")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import jax  # noqa: E402
jax.config.update("jax_enable_x64", True)
import jax.numpy as jnp  # noqa: E402
import neural_tangents as nt  # noqa: E402
from neural_tangents import stax  # noqa: E402

ACTIVATIONS = {"relu": stax.Relu, "erf": stax.Erf, "identity": stax.Identity}
PADDINGS = {"circular": "CIRCULAR", "same": "SAME"}
READOUTS = {"globalAveragePooling": stax.GlobalAvgPool, "flatten": stax.Flatten}
SPATIAL = {1: [5], 2: [3, 4]}          # a non-square 2-D map catches swapped axes
INPUT_CHANNELS = {1: 3, 2: 2}
EXAMPLES = 3
SIGMAS = [(1.5, 0.1), (1.2, 0.3), (math.sqrt(2.0), 0.0)]


def case_inputs(dimension, case_index):
    """EXAMPLES inputs of shape spatial + [channels]: x[n][k] = sin(1.7 (k + 1) + 0.3 n + 0.11 i) + 0.1 n,
    with k the row-major index of (position, channel) and i the case index."""
    shape = SPATIAL[dimension] + [INPUT_CHANNELS[dimension]]
    size = math.prod(shape)
    values = [[math.sin(1.7 * (k + 1) + 0.3 * n + 0.11 * case_index) + 0.1 * n for k in range(size)]
              for n in range(EXAMPLES)]
    return shape, values


def cases():
    index = 0
    for dimension in (1, 2):
        for padding in PADDINGS:
            for readout in READOUTS:
                for activation in ACTIVATIONS:
                    for filter_size in (1, 2, 3):
                        depth = 1 + index % 3
                        sigma_w, sigma_b = SIGMAS[index % len(SIGMAS)]
                        yield dict(index=index, dimension=dimension, padding=padding, readout=readout,
                                   activation=activation, filter=filter_size, depth=depth,
                                   sigma_w=sigma_w, sigma_b=sigma_b)
                        index += 1


def kernels(case):
    dimension = case["dimension"]
    layers = []
    for _ in range(case["depth"]):
        layers += [stax.Conv(1, (case["filter"],) * dimension, padding=PADDINGS[case["padding"]],
                             W_std=case["sigma_w"], b_std=case["sigma_b"], parameterization="ntk"),
                   ACTIVATIONS[case["activation"]]()]
    layers += [READOUTS[case["readout"]](),
               stax.Dense(1, W_std=case["sigma_w"], b_std=case["sigma_b"], parameterization="ntk")]
    _, _, kernel_fn = stax.serial(*layers)
    shape, values = case_inputs(dimension, case["index"])
    x = jnp.asarray(values, dtype=jnp.float64).reshape([EXAMPLES] + shape)
    k = kernel_fn(x, x, ("nngp", "ntk"))
    return values, [[float(v) for v in row] for row in k.nngp], [[float(v) for v in row] for row in k.ntk]


def high_precision_kernels(case, values):
    """The NTK-parameterised CNN recursion by brute force over all position pairs, in 40 digits."""
    import itertools
    import mpmath as mp
    mp.mp.dps = 40
    spatial, channels = SPATIAL[case["dimension"]], INPUT_CHANNELS[case["dimension"]]
    f = case["filter"]
    positions = list(itertools.product(*[range(n) for n in spatial]))
    offsets = list(itertools.product(*[range(-((f - 1) // 2), f // 2 + 1)] * len(spatial)))

    def reads(alpha, beta):
        point = []
        for axis, size in enumerate(spatial):
            c = positions[alpha][axis] + beta[axis]
            if case["padding"] == "circular":
                c %= size
            elif not 0 <= c < size:
                return None
            point.append(c)
        return positions.index(tuple(point))

    x = [[[mp.mpf(v) for v in example[a * channels:(a + 1) * channels]] for a in range(len(positions))]
         for example in values]
    slots = [(n, a) for n in range(len(x)) for a in range(len(positions))]
    k = {(u, v): mp.fsum(x[u[0]][u[1]][c] * x[v[0]][v[1]][c] for c in range(channels)) / channels
         for u in slots for v in slots}
    t = {key: mp.mpf(0) for key in k}
    w2, b2 = mp.mpf(case["sigma_w"]) ** 2, mp.mpf(case["sigma_b"]) ** 2
    for _ in range(case["depth"]):
        sigma, theta = {}, {}
        for u in slots:
            for v in slots:
                pairs = [((u[0], reads(u[1], b)), (v[0], reads(v[1], b))) for b in offsets]
                pairs = [q for q in pairs if q[0][1] is not None and q[1][1] is not None]
                sigma[(u, v)] = w2 * mp.fsum(k[q] for q in pairs) / len(offsets) + b2
                theta[(u, v)] = sigma[(u, v)] + w2 * mp.fsum(t[q] for q in pairs) / len(offsets)
        for (u, v), s12 in sigma.items():
            s11, s22 = sigma[(u, u)], sigma[(v, v)]
            if case["activation"] == "relu":
                norm = mp.sqrt(s11 * s22)
                angle = mp.acos(max(-1, min(1, s12 / norm)))
                phiphi, dd = (norm * mp.sin(angle) + (mp.pi - angle) * s12) / (2 * mp.pi), (mp.pi - angle) / (2 * mp.pi)
            elif case["activation"] == "erf":
                a, b = 1 + 2 * s11, 1 + 2 * s22
                phiphi, dd = 2 / mp.pi * mp.asin(2 * s12 / mp.sqrt(a * b)), 4 / mp.pi / mp.sqrt(a * b - 4 * s12 ** 2)
            else:
                phiphi, dd = s12, mp.mpf(1)
            k[(u, v)], t[(u, v)] = phiphi, theta[(u, v)] * dd
    count = len(x)
    nngp, ntk = [[None] * count for _ in range(count)], [[None] * count for _ in range(count)]
    for i in range(count):
        for j in range(count):
            if case["readout"] == "flatten":
                pairs = [((i, a), (j, a)) for a in range(len(positions))]
            else:
                pairs = [((i, a), (j, b)) for a in range(len(positions)) for b in range(len(positions))]
            nngp[i][j] = w2 * mp.fsum(k[q] for q in pairs) / len(pairs) + b2
            ntk[i][j] = nngp[i][j] + w2 * mp.fsum(t[q] for q in pairs) / len(pairs)
    return nngp, ntk


def relative_deviation(float_matrix, exact_matrix):
    scale = max(abs(v) for row in exact_matrix for v in row)
    return float(max(abs(a - b) for fr, er in zip(float_matrix, exact_matrix) for a, b in zip(fr, er)) / scale)


def main():
    out = {
        "description": "Analytic CNN NNGP and NTK of the scalar output (NTK parameterisation, float64), "
                       "computed with neural-tangents by scripts/cnn_kernels_reference.py; the *_40_digits fields "
                       "are an independent brute-force evaluation of the same recursion in 40-digit arithmetic "
                       "(mpmath), rounded to float64",
        "neural_tangents": nt.__version__ if hasattr(nt, "__version__") else "unknown",
        "jax": jax.__version__,
        "jaxlib": jax.lib.__version__ if hasattr(jax.lib, "__version__") else "unknown",
        "float64": bool(jax.config.jax_enable_x64),
        "input_layout": "each input is row-major over (positions row-major, then channels)",
        "cases": [],
    }
    check = "--high-precision-check" in sys.argv[1:]
    for case in cases():
        values, nngp, ntk = kernels(case)
        if check:
            exact_nngp, exact_ntk = high_precision_kernels(case, values)
            sys.stderr.write("case %2d %-8s %-9s %-20s f=%d L=%d: neural-tangents vs 40 digits: NNGP %.1e, NTK %.1e\n" % (
                case["index"], case["activation"], case["padding"], case["readout"], case["filter"], case["depth"],
                relative_deviation(nngp, exact_nngp), relative_deviation(ntk, exact_ntk)))
            case["nngp_40_digits"] = [[float(v) for v in row] for row in exact_nngp]
            case["ntk_40_digits"] = [[float(v) for v in row] for row in exact_ntk]
        shape, _ = case_inputs(case["dimension"], case["index"])
        entry = {key: value for key, value in case.items() if not key.endswith("_40_digits")}
        entry.update(spatial=shape[:-1], channels=shape[-1], inputs=values, nngp=nngp, ntk=ntk)
        if check:
            entry.update(nngp_40_digits=case["nngp_40_digits"], ntk_40_digits=case["ntk_40_digits"])
        out["cases"].append(entry)
    # One case per line: the file stays diffable without one number per line.
    cases_text = ",\n".join("  " + json.dumps(case) for case in out.pop("cases"))
    header = json.dumps(out, indent=1)[:-2]
    sys.stdout.write(header + ',\n "cases": [\n' + cases_text + "\n ]\n}\n")


if __name__ == "__main__":
    main()
