#!/usr/bin/env python3
"""Throughput of `tarjuman translit` (Arabic script to Latin) on the benchmark corpus,
beside `uconv -x 'Any-Latin; Latin-ASCII'` on the same file in the same run.

Builds the corpus with ../shared/bench/make-corpus.sh when it is missing, builds the
release binary (or takes --binary), then runs every configuration several times,
interleaved with the peer so that a noisy neighbour slows both, and prints medians as a
Markdown table:

    python3 Benchmarks/translit.py                          # fa and ar, news, 5 runs
    python3 Benchmarks/translit.py --runs 7 --corpus /data/corpus --schemes news,ascii
    python3 Benchmarks/translit.py --baseline /tmp/tarjuman-old   # old and new side by side

MB/s is input bytes (10^6) per second of wall time for the whole process, start-up
included. CPU is user + system seconds of the process, which a busy machine disturbs
less than wall time: compare builds by it (--baseline runs another binary in the same
rounds). Peak memory is the child's maximum resident set size (wait4's ru_maxrss).

`translit` keeps the glossary's renderings in its cache folder ($XDG_CACHE_HOME/tarjuman,
~/.cache/tarjuman) for the next run; each binary runs once before the timed rounds, so
that every timed run finds the file (a cold run costs about 0.1 s more). The table's
`best` columns are the fastest run of each configuration, the figure least disturbed by
other work on the machine.
"""

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from normalize import ROOT, benchmark_parser, prepare  # noqa: E402

PEER = ["uconv", "-x", "Any-Latin; Latin-ASCII"]


def run(command, stdin_path=None):
    """Runs a command with its output to /dev/null; returns (wall seconds, CPU seconds,
    peak KiB). A copied binary finds the glossaries through TARJUMAN_DATA."""
    environment = {**os.environ, "TARJUMAN_DATA": os.environ.get("TARJUMAN_DATA", str(ROOT))}
    with open(stdin_path or os.devnull, "rb") as stdin, open(os.devnull, "wb") as devnull:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdin=stdin, stdout=devnull, env=environment)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
    if status != 0:
        sys.exit(f"failed ({status}): {' '.join(map(str, command))}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def main():
    parser = benchmark_parser(__doc__)
    parser.set_defaults(languages="fa,ar")
    parser.add_argument("--schemes", default="news", help="comma-separated: news, strict, ascii")
    parser.add_argument("--baseline", type=Path, help="another tarjuman binary to run in the same rounds")
    args = parser.parse_args()
    corpus, binary, cores, jobs_list = prepare(args)

    print(f"tarjuman {binary}, {cores} cores, {args.runs} runs, medians; peer: {' '.join(PEER[:2])} "
          f"'{PEER[2]}'" + (f"; baseline {args.baseline}" if args.baseline else "") + "\n")
    header = "| text | scheme | jobs | MB/s | best MB/s | CPU s |"
    rule = "|---|---|---:|---:|---:|---:|"
    if args.baseline:
        header += " baseline MB/s | baseline CPU s | CPU ratio |"
        rule += "---:|---:|---:|"
    header += " uconv MB/s | ratio to uconv | peak memory |"
    rule += "---:|---:|---:|"
    print(header)
    print(rule)
    # One untimed run each, so that the timed runs read the glossary's saved renderings.
    for candidate in [binary] + ([args.baseline] if args.baseline else []):
        run([candidate, "translit", "--scheme", "news", "--jobs", "1", "--lang", "auto"],
            stdin_path=os.devnull)
    for language in args.languages.split(","):
        path = corpus / f"{language}.txt"
        megabytes = path.stat().st_size / 1e6
        for scheme in args.schemes.split(","):
            samples = {jobs: {"ours": [], "cpu": [], "base": [], "base_cpu": [], "peak": []} for jobs in jobs_list}
            peer = []
            for _ in range(args.runs):
                for jobs in jobs_list:
                    command = ["translit", "--scheme", scheme, "--lang", "auto", "--jobs", str(jobs), path]
                    wall, cpu, peak = run([binary, *command])
                    row = samples[jobs]
                    row["ours"].append(megabytes / wall)
                    row["cpu"].append(cpu)
                    row["peak"].append(peak)
                    if args.baseline:
                        wall, cpu, _ = run([args.baseline, *command])
                        row["base"].append(megabytes / wall)
                        row["base_cpu"].append(cpu)
                # The peer once per round: it has no --jobs, and it is slow.
                wall, _, _ = run([*PEER, "-i", path])
                peer.append(megabytes / wall)
            theirs = statistics.median(peer)
            for jobs in jobs_list:
                row = samples[jobs]
                mine = statistics.median(row["ours"])
                line = (f"| {language} | {scheme} | {jobs} | {mine:.1f} | {max(row['ours']):.1f} | "
                        f"{statistics.median(row['cpu']):.2f} |")
                if args.baseline:
                    base_cpu = statistics.median(row["base_cpu"])
                    line += (f" {statistics.median(row['base']):.1f} | {base_cpu:.2f} | "
                             f"{statistics.median(row['cpu']) / base_cpu:.2f} |")
                line += f" {theirs:.1f} | {mine / theirs:.1f}× | {statistics.median(row['peak']) / 1024:.0f} MiB |"
                print(line, flush=True)


if __name__ == "__main__":
    main()
