#!/usr/bin/env python3
"""numpy/OpenBLAS timings for the routines that numerics-bench times, so that the two can be
compared as ratios taken in the same run (the machine is shared; absolute times drift).

    python3 Benchmarks/numpy_reference.py [--sizes 128,256,...,4096] [--threads N] [--json]
    python3 Benchmarks/numpy_reference.py --serve [--threads N]

Per size n, with A and B standard normal n x n and S = A + A^T:
  gemm_s  A @ B                 (2 n^3 flops; gemm_gflops is derived from it)
  qr_s    np.linalg.qr(A)       (reduced Q and R)
  eigh_s  np.linalg.eigh(S)     (values and vectors)
  svd_s   np.linalg.svd(A)      (full U, singular values, V^T)
  haar_s  scipy.stats.ortho_group.rvs(n)   (one Haar-distributed orthogonal n x n draw; null
          when scipy is not installed)
Each is the median over repeats after untimed warm-up calls lasting at least --warm-up seconds.
The number of repeats is max(3, min(30, 2e8 // n^3)), divided by 3 for qr and by 5 for eigh and
svd (at least 3), as numerics-bench does, so both sides average over the same count.

With --json one JSON object is printed: {"rows": [...], "blas": {...}}, where "blas" records the
BLAS library and the OpenBLAS core (kernel family) that was actually running, and whether
OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE were set in this process's environment.

With --serve the script times one routine at a time on request, so that numerics-bench can
interleave the two sides call block by call block (--rounds): it reads lines
"time ROUTINE N REPEATS WARM_UP" (ROUTINE one of gemm, qr, eigh, svd, haar) and answers each with
one JSON line {"seconds": median} ({"seconds": null} for haar without scipy, {"error": ...} for a
bad request); "blas" answers with the BLAS description; "quit" or end of input stops it.
"""
import argparse
import ctypes
import json
import os
import statistics
import sys
import time


def timed_median(fn, repeats, warm_up):
    start = time.perf_counter()
    fn()
    while time.perf_counter() - start < warm_up:
        fn()
    samples = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t)
    return statistics.median(samples)


def blas_description():
    """Which BLAS numpy loaded and, for OpenBLAS, the core it dispatched to."""
    info = {"coretype_env": os.environ.get("OPENBLAS_CORETYPE"),
            "l2_size_env": os.environ.get("OPENBLAS_L2_SIZE")}
    try:
        import threadpoolctl
        for entry in threadpoolctl.threadpool_info():
            if entry.get("user_api") == "blas":
                info.update({"library": entry.get("internal_api"), "version": entry.get("version"),
                             "core": entry.get("architecture"), "threads": entry.get("num_threads"),
                             "source": "threadpoolctl"})
                return info
    except ImportError:
        pass
    # Without threadpoolctl: ask the OpenBLAS that this process mapped for its core name.
    try:
        with open("/proc/self/maps") as maps:
            paths = sorted({line.split()[-1] for line in maps if "openblas" in line.lower() and "/" in line})
        for path in paths:
            lib = ctypes.CDLL(path)
            # Plain OpenBLAS exports openblas_get_corename; numpy's wheels rename it with a
            # prefix and, for the 64-bit integer build, a suffix.
            for stem in ("openblas_", "scipy_openblas_", "scipy_openblas64_"):
                for suffix in ("", "64_"):
                    name = getattr(lib, stem + "get_corename" + suffix, None)
                    if name is None:
                        continue
                    name.restype = ctypes.c_char_p
                    info.update({"library": "openblas", "path": os.path.basename(path),
                                 "core": name().decode(), "source": "get_corename"})
                    threads = getattr(lib, stem + "get_num_threads" + suffix, None)
                    if threads is not None:
                        info["threads"] = threads()
                    return info
    except OSError:
        pass
    info["library"] = "unknown"
    return info


def serve(routines_for):
    """The --serve loop: one request per input line, one JSON answer per line, flushed at once."""
    cached = {}   # n -> routines, so that repeated rounds reuse the same inputs
    def answer(obj):
        sys.stdout.write(json.dumps(obj) + "\n")
        sys.stdout.flush()
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        if words[0] == "quit":
            break
        if words[0] == "blas":
            answer(blas_description())
            continue
        try:
            command, name, n, repeats, warm_up = words[0], words[1], int(words[2]), int(words[3]), float(words[4])
            if command != "time" or n < 1 or repeats < 1 or warm_up < 0:
                raise ValueError
        except (IndexError, ValueError):
            answer({"error": f"bad request: {line.strip()!r} (want: time ROUTINE N REPEATS WARM_UP)"})
            continue
        calls = cached.setdefault(n, routines_for(n))
        if name not in calls:
            answer({"error": f"unknown routine {name!r}"})
            continue
        call = calls[name]
        answer({"seconds": None if call is None else timed_median(call, repeats, warm_up)})
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="128,256,512,1024")
    parser.add_argument("--threads", type=int, default=None, help="BLAS threads (default: the library's)")
    parser.add_argument("--warm-up", type=float, default=0.25, help="seconds of untimed calls per routine")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--serve", action="store_true", help="answer timing requests on stdin (see above)")
    args = parser.parse_args()
    if args.threads:
        # Must be set before numpy (and so OpenBLAS) is loaded.
        for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ[variable] = str(args.threads)
    import numpy as np
    try:
        from scipy.stats import ortho_group
    except ImportError:
        ortho_group = None

    def routines_for(n):
        """The timed calls of size n, by routine name (haar None without scipy)."""
        # Seeded per size, so a size's inputs do not depend on which sizes ran before it.
        rng = np.random.default_rng(n)
        a = rng.standard_normal((n, n))
        b = rng.standard_normal((n, n))
        s = a + a.T
        haar = None if ortho_group is None else (lambda: ortho_group.rvs(n, random_state=rng))
        return {"gemm": lambda: a @ b, "qr": lambda: np.linalg.qr(a), "eigh": lambda: np.linalg.eigh(s),
                "svd": lambda: np.linalg.svd(a), "haar": haar}

    if args.serve:
        return serve(routines_for)

    rows = []
    for n in (int(text) for text in args.sizes.split(",")):
        calls = routines_for(n)
        reps = max(3, min(30, int(2e8 // n**3)))
        gemm = timed_median(calls["gemm"], reps, args.warm_up)
        qr = timed_median(calls["qr"], max(3, reps // 3), args.warm_up)
        eigh = timed_median(calls["eigh"], max(3, reps // 5), args.warm_up)
        svd = timed_median(calls["svd"], max(3, reps // 5), args.warm_up)
        haar = None
        if calls["haar"] is not None:
            haar = timed_median(calls["haar"], max(3, reps // 3), args.warm_up)
        rows.append({"n": n, "gemm_gflops": 2 * n**3 / gemm / 1e9, "gemm_s": gemm,
                     "qr_s": qr, "eigh_s": eigh, "svd_s": svd, "haar_s": haar})
    blas = blas_description()
    if args.json:
        print(json.dumps({"rows": rows, "blas": blas}))
        return 0
    print(f"numpy {np.__version__}, BLAS: {blas.get('library')} core {blas.get('core')}")
    print(f"{'n':>6} {'gemm GF/s':>10} {'gemm s':>10} {'qr s':>10} {'eigh s':>10} {'svd s':>10} {'haar s':>10}")
    for r in rows:
        haar = "-" if r['haar_s'] is None else f"{r['haar_s']:.5f}"
        print(f"{r['n']:>6} {r['gemm_gflops']:>10.1f} {r['gemm_s']:>10.5f} {r['qr_s']:>10.5f} "
              f"{r['eigh_s']:>10.5f} {r['svd_s']:>10.5f} {haar:>10}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
