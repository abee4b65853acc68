#!/usr/bin/env python3
"""Throughput of `tarjuman normalize` on the benchmark corpus, beside `uconv -x NFKC`.

Builds the corpus with ../shared/bench/make-corpus.sh when it is missing, builds the
release binary, then runs every configuration several times (interleaved with the peer,
so that a noisy neighbour slows both) and prints medians as a Markdown table:

    python3 Benchmarks/normalize.py                 # 5 runs, corpus in Benchmarks/corpus
    python3 Benchmarks/normalize.py --runs 7 --corpus /data/tarjuman-corpus

MB/s is input bytes (10^6) per second of wall time for the whole process, start-up
included. Peak memory is the child's maximum resident set size (wait4's ru_maxrss).
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(command, stdin_path=None, allow_failure=False, quiet=False):
    """Runs a command with output to /dev/null (and its diagnostics too when `quiet`);
    returns (seconds, peak KiB). A non-zero exit stops the benchmark unless
    `allow_failure` (grep -c exits 1 when it counts 0)."""
    with open(stdin_path or os.devnull, "rb") as stdin, open(os.devnull, "wb") as devnull:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdin=stdin, stdout=devnull, stderr=devnull if quiet else None)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
    if status != 0 and not (allow_failure and os.WIFEXITED(status) and os.WEXITSTATUS(status) == 1):
        sys.exit(f"failed ({status}): {' '.join(map(str, command))}")
    return elapsed, usage.ru_maxrss


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


def benchmark_parser(description):
    """The options every benchmark script takes: corpus, runs, languages, binary."""
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=ROOT / "Benchmarks" / "corpus")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--languages", default="fa,ar,en,mixed")
    parser.add_argument("--binary", type=Path, help="a built tarjuman (default: build release)")
    return parser


def prepare(args):
    """The corpus (built when missing), the binary (built when not given), and the thread
    counts to measure: one, and all cores."""
    corpus = args.corpus.resolve()
    ensure_corpus(corpus)
    binary = args.binary or build_release()
    cores = os.cpu_count() or 1
    return corpus, binary, cores, sorted({1, cores})


def main():
    parser = benchmark_parser(__doc__)
    parser.add_argument("--profiles", default="clean,key")
    args = parser.parse_args()
    corpus, binary, cores, jobs_list = prepare(args)

    print(f"tarjuman {binary}, {cores} cores, {args.runs} runs, medians\n")
    print("| text | profile | jobs | MB/s | uconv -x NFKC MB/s | ratio | peak memory |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for language in args.languages.split(","):
        path = corpus / f"{language}.txt"
        megabytes = path.stat().st_size / 1e6
        for profile in args.profiles.split(","):
            for jobs in jobs_list:
                ours, peer, memory = [], [], []
                for _ in range(args.runs):
                    seconds, peak = run([binary, "normalize", "--profile", profile, "--jobs", str(jobs), path])
                    ours.append(megabytes / seconds)
                    memory.append(peak)
                    seconds, _ = run(["uconv", "-x", "NFKC", "-i", path])
                    peer.append(megabytes / seconds)
                mine, theirs = statistics.median(ours), statistics.median(peer)
                print(f"| {language} | {profile} | {jobs} | {mine:.0f} | {theirs:.0f} | {mine / theirs:.1f}× "
                      f"| {statistics.median(memory) / 1024:.0f} MiB |", flush=True)

    # Peak memory must not grow with the input: the same text 1× and 4× through stdin.
    source = corpus / "fa.txt"
    big = corpus / "fa.x4.txt"
    if not big.exists():
        with open(big, "wb") as out:
            for _ in range(4):
                out.write(source.read_bytes())
    small_peak = statistics.median(run([binary, "normalize", "--profile", "clean"], source)[1] for _ in range(3))
    big_peak = statistics.median(run([binary, "normalize", "--profile", "clean"], big)[1] for _ in range(3))
    print(f"\npeak memory, clean, all cores, stdin: {source.stat().st_size / 1e6:.0f} MB → {small_peak / 1024:.0f} MiB; "
          f"{big.stat().st_size / 1e6:.0f} MB → {big_peak / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
