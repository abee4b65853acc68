#!/usr/bin/env python3
"""Throughput of `tarjuman preprocess` (normalize + sentence split + canonicalize + dedupe)
on the benchmark corpus, on one core and on all cores.

Builds the corpus with ../shared/bench/make-corpus.sh when it is missing (or uses
--corpus, for example /work/corpus), builds the release binary, runs each configuration
several times and prints medians as a Markdown table:

    python3 Benchmarks/preprocess.py                      # 5 runs, corpus in Benchmarks/corpus
    python3 Benchmarks/preprocess.py --corpus /work/corpus --runs 5
    python3 Benchmarks/preprocess.py --corpus /work/corpus --baseline /tmp/tarjuman-main
    python3 Benchmarks/preprocess.py --corpus /work/corpus --languages fa.uniq,en.uniq

MB/s is input bytes (10^6) per second of wall time for the whole process, start-up and
glossary loading included; CPU is user + system time of the process (all its threads),
which a busy machine disturbs less than wall time, and "CPU MB/s" the input bytes per
second of it. Peak memory is the child's maximum resident set size (wait4's ru_maxrss).
With --baseline, another build runs interleaved with this one (so that a noisy neighbour
slows both alike) and each row also gives its figures and the ratio of CPU times
(new / old). `--languages` names files `LANGUAGE.txt` in the corpus: `fa.uniq` and
`en.uniq` are the same texts with each line once, where deduplication finds nothing to
skip. The glossaries are the shipped ones of this checkout (TARJUMAN_DATA is set to it
unless already set), for both binaries.
"""

import os
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from normalize import ROOT, benchmark_parser, prepare, run as run_command  # noqa: E402

PIPELINE = ["--lang", "auto", "--normalize", "clean", "--split", "--canonicalize",
            "--dedupe", "exact", "--no-progress"]


def run(binary, path, jobs):
    """Runs one preprocess; returns (seconds, peak KiB, CPU seconds)."""
    return run_command([binary, "preprocess", *PIPELINE, "--jobs", str(jobs), path], quiet=True, cpu=True)


def load():
    return " ".join(open("/proc/loadavg").read().split()[:3])


def main():
    parser = benchmark_parser(__doc__)
    parser.add_argument("--baseline", type=Path, help="another tarjuman to run beside it")
    args = parser.parse_args()
    os.environ.setdefault("TARJUMAN_DATA", str(ROOT))
    corpus, binary, cores, jobs_list = prepare(args)
    binaries = {"new": binary}
    if args.baseline:
        binaries["old"] = args.baseline

    print(f"tarjuman {binary}, {cores} cores, {args.runs} runs, medians; load before: {load()}")
    print(f"pipeline: preprocess {' '.join(PIPELINE)}\n")
    header = "| text | MB | jobs | seconds | MB/s | CPU | CPU MB/s | peak memory |"
    if args.baseline:
        header += " old: seconds | old: MB/s | old: CPU | CPU new / old |"
    print(header)
    print("|---" + "|---:" * (header.count("|") - 2) + "|")
    for language in args.languages.split(","):
        path = corpus / f"{language}.txt"
        megabytes = path.stat().st_size / 1e6
        for jobs in jobs_list:
            wall = {name: [] for name in binaries}
            cpu = {name: [] for name in binaries}
            peaks = []
            for _ in range(args.runs):
                for name, tarjuman in binaries.items():
                    seconds, peak, used = run(tarjuman, path, jobs)
                    wall[name].append(seconds)
                    cpu[name].append(used)
                    if name == "new":
                        peaks.append(peak)
            seconds, used = statistics.median(wall["new"]), statistics.median(cpu["new"])
            row = (f"| {language} | {megabytes:.0f} | {jobs} | {seconds:.2f} | {megabytes / seconds:.1f} "
                   f"| {used:.2f} s | {megabytes / used:.1f} | {max(peaks) / 1024:.0f} MB |")
            if args.baseline:
                old_seconds, old_used = statistics.median(wall["old"]), statistics.median(cpu["old"])
                row += (f" {old_seconds:.2f} | {megabytes / old_seconds:.1f} | {old_used:.2f} s "
                        f"| {used / old_used:.2f} |")
            print(row, flush=True)
    print(f"\nload after: {load()}")


if __name__ == "__main__":
    main()
