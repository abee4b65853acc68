#!/usr/bin/env python3
"""Throughput of `tarjuman preprocess` (normalize + sentence split + canonicalize + dedupe)
on the benchmark corpus, on one core and on all cores.

Builds the corpus with ../shared/bench/make-corpus.sh when it is missing (or uses
--corpus, for example /work/corpus), builds the release binary, runs each configuration
several times and prints medians as a Markdown table:

    python3 Benchmarks/preprocess.py                      # 5 runs, corpus in Benchmarks/corpus
    python3 Benchmarks/preprocess.py --corpus /work/corpus --runs 5

MB/s is input bytes (10^6) per second of wall time for the whole process, start-up and
glossary loading included. Peak memory is the child's maximum resident set size
(wait4's ru_maxrss).
"""

import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from normalize import benchmark_parser, prepare, run as run_command  # noqa: E402

PIPELINE = ["--lang", "auto", "--normalize", "clean", "--split", "--canonicalize",
            "--dedupe", "exact", "--no-progress"]


def run(binary, path, jobs):
    """Runs one preprocess; returns (seconds, peak KiB)."""
    return run_command([binary, "preprocess", *PIPELINE, "--jobs", str(jobs), path], quiet=True)


def main():
    args = benchmark_parser(__doc__).parse_args()
    corpus, binary, cores, jobs_list = prepare(args)

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
