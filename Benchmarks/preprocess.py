#!/usr/bin/env python3
"""Throughput of `tarjuman preprocess` (normalize + sentence split + canonicalize + dedupe)
on the benchmark corpus, on one core and on all cores.

Builds the corpus with ../shared/bench/make-corpus.sh when it is missing (or uses
--corpus, for example /work/corpus), builds the release binary, runs each configuration
several times and prints medians as a Markdown table:

    python3 Benchmarks/preprocess.py                      # 5 runs, corpus in Benchmarks/corpus
    python3 Benchmarks/preprocess.py --corpus /work/corpus --runs 5

MB/s is input bytes (10^6) per second of wall time for the whole process, start-up and
glossary loading included. Peak memory is the maximum resident set size reported by
`/usr/bin/time -f %M`.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PIPELINE = ["--lang", "auto", "--normalize", "clean", "--split", "--canonicalize",
            "--dedupe", "exact", "--no-progress"]


def run(binary, path, jobs):
    """Runs one preprocess; returns (seconds, peak KiB)."""
    command = ["/usr/bin/time", "-f", "%M", str(binary), "preprocess", *PIPELINE,
               "--jobs", str(jobs), str(path)]
    start = time.perf_counter()
    result = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{result.stderr}")
    peak = int(result.stderr.strip().splitlines()[-1])
    return elapsed, peak


def ensure_corpus(corpus):
    if (corpus / "fa.txt").exists():
        return
    script = ROOT.parent / "shared" / "bench" / "make-corpus.sh"
    if not script.exists():
        sys.exit(f"no corpus in {corpus} and no {script} to build one")
    print(f"building the corpus in {corpus} ...", file=sys.stderr)
    subprocess.run(["bash", str(script)], env={**os.environ, "CORPUS": str(corpus)}, check=True)


def build_release():
    subprocess.run(["swift", "build", "-c", "release", "--product", "tarjuman"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    path = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT, check=True,
                          capture_output=True, text=True).stdout.strip()
    return Path(path) / "tarjuman"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=ROOT / "Benchmarks" / "corpus")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--languages", default="fa,ar,en,mixed")
    parser.add_argument("--binary", type=Path, help="a built tarjuman (default: build release)")
    args = parser.parse_args()

    corpus = args.corpus.resolve()
    ensure_corpus(corpus)
    binary = args.binary or build_release()
    cores = os.cpu_count() or 1
    jobs_list = sorted({1, cores})

    print(f"tarjuman {binary}, {cores} cores, {args.runs} runs, medians")
    print(f"pipeline: preprocess {' '.join(PIPELINE)}\n")
    print("| text | MB | jobs | seconds | MB/s | peak memory |")
    print("|---|---:|---:|---:|---:|---:|")
    for language in args.languages.split(","):
        path = corpus / f"{language}.txt"
        megabytes = path.stat().st_size / 1e6
        for jobs in jobs_list:
            times, peaks = [], []
            for _ in range(args.runs):
                seconds, peak = run(binary, path, jobs)
                times.append(seconds)
                peaks.append(peak)
            median = statistics.median(times)
            print(f"| {language} | {megabytes:.0f} | {jobs} | {median:.2f} | {megabytes / median:.1f} "
                  f"| {max(peaks) / 1024:.0f} MB |", flush=True)


if __name__ == "__main__":
    main()
