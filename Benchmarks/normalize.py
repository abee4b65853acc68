#!/usr/bin/env python3
"""Throughput of `tarjuman normalize` on the benchmark corpus, beside `uconv -x NFKC`.

Builds the corpus with ../shared/bench/make-corpus.sh when it is missing, builds the
release binary, then runs every configuration several times (interleaved with the peer,
so that a noisy neighbour slows both) and prints medians as a Markdown table:

    python3 Benchmarks/normalize.py                 # 5 runs, corpus in Benchmarks/corpus
    python3 Benchmarks/normalize.py --runs 7 --corpus /data/tarjuman-corpus

MB/s is input bytes (10^6) per second of wall time for the whole process, start-up
included; "CPU MB/s" is per second of CPU time (user + system, all threads), which a busy
machine disturbs less. Peak memory is the child's maximum resident set size (wait4's
ru_maxrss). With --baseline BINARY, another build (say, of the main branch) runs in the
same rounds and its figures are printed beside:

    python3 Benchmarks/normalize.py --corpus /work/corpus --baseline /tmp/tarjuman-main

With --check (and --baseline), nothing is timed: every profile, --lang, --digits and
--jobs combination runs on every text with both builds, and the script fails unless the
outputs are byte-identical (SHA-256 of each):

    python3 Benchmarks/normalize.py --corpus /work/corpus --baseline /tmp/tarjuman-main --check
"""

import argparse
import hashlib
import itertools
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(command, stdin_path=None, allow_failure=False, quiet=False, cpu=False):
    """Runs a command with output to /dev/null (and its diagnostics too when `quiet`);
    returns (seconds, peak KiB), or (seconds, peak KiB, CPU seconds) with `cpu`. A non-zero
    exit stops the benchmark unless `allow_failure` (grep -c exits 1 when it counts 0)."""
    with open(stdin_path or os.devnull, "rb") as stdin, open(os.devnull, "wb") as devnull:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdin=stdin, stdout=devnull, stderr=devnull if quiet else None)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
    if status != 0 and not (allow_failure and os.WIFEXITED(status) and os.WEXITSTATUS(status) == 1):
        sys.exit(f"failed ({status}): {' '.join(map(str, command))}")
    if cpu:
        return elapsed, usage.ru_maxrss, usage.ru_utime + usage.ru_stime
    return elapsed, usage.ru_maxrss


def output_digest(command):
    """SHA-256 of a command's standard output, read as it streams."""
    digest = hashlib.sha256()
    with subprocess.Popen(command, stdout=subprocess.PIPE) as process:
        for block in iter(lambda: process.stdout.read(1 << 20), b""):
            digest.update(block)
    if process.returncode != 0:
        sys.exit(f"failed ({process.returncode}): {' '.join(map(str, command))}")
    return digest.hexdigest()


def check(binary, baseline, corpus, languages, jobs_list):
    """Fails unless both builds write the same bytes for every combination."""
    combinations = []
    for profile in ("clean", "key"):
        for lang, digits in itertools.product(("auto", "fa", "ar", "en"), ("keep", "ascii", "persian", "arabic")):
            if profile == "key" and lang != "auto" and digits != "keep":
                continue  # key ignores --lang: one of each is enough beside auto
            combinations.append(["--profile", profile, "--lang", lang, "--digits", digits])
    combinations += [["--profile", "nfc"], ["--profile", "nfkc"]]
    failures = 0
    for language in languages:
        path = corpus / f"{language}.txt"
        for options in combinations:
            for jobs in jobs_list:
                command = ["normalize", *options, "--jobs", str(jobs), path]
                ours, theirs = output_digest([binary, *command]), output_digest([baseline, *command])
                status = "same" if ours == theirs else "DIFFERENT"
                failures += ours != theirs
                print(f"{status:9} {language} {' '.join(options)} --jobs {jobs}", flush=True)
    count = len(languages) * len(combinations) * len(jobs_list)
    print(f"\n{count - failures} of {count} outputs byte-identical to {baseline}")
    if failures:
        sys.exit(1)


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
    parser.add_argument("--jobs", help="thread counts to measure, comma-separated (default: 1 and all)")
    parser.add_argument("--baseline", type=Path, help="another tarjuman to measure in the same rounds")
    parser.add_argument("--lang", default="auto", help="the --lang of the timed runs (default: auto)")
    parser.add_argument("--check", action="store_true",
                        help="compare outputs with --baseline's instead of timing (needs --baseline)")
    args = parser.parse_args()
    corpus, binary, cores, jobs_list = prepare(args)
    if args.jobs:
        jobs_list = [int(jobs) for jobs in args.jobs.split(",")]
    baseline = args.baseline
    if args.check:
        if not baseline:
            sys.exit("--check needs --baseline")
        check(binary, baseline, corpus, args.languages.split(","), sorted(set(jobs_list) | {1, 2}))
        return

    print(f"tarjuman {binary}, {cores} cores, {args.runs} runs, medians; load {os.getloadavg()[0]:.1f}\n")
    header = "| text | profile | jobs | MB/s | CPU MB/s |"
    if baseline:
        header += " baseline MB/s | baseline CPU MB/s | CPU speed-up |"
    header += " uconv -x NFKC MB/s | ratio | peak memory |"
    print(header)
    print("|" + "---|" * 3 + "---:|" * (header.count("|") - 4))
    for language in args.languages.split(","):
        path = corpus / f"{language}.txt"
        megabytes = path.stat().st_size / 1e6
        for profile in args.profiles.split(","):
            for jobs in jobs_list:
                ours, ours_cpu, base, base_cpu, peer, memory = [], [], [], [], [], []
                for _ in range(args.runs):
                    command = ["normalize", "--profile", profile, "--lang", args.lang, "--jobs", str(jobs), path]
                    seconds, peak, cpu = run([binary, *command], cpu=True)
                    ours.append(megabytes / seconds)
                    ours_cpu.append(megabytes / cpu)
                    memory.append(peak)
                    if baseline:
                        seconds, _, cpu = run([baseline, *command], cpu=True)
                        base.append(megabytes / seconds)
                        base_cpu.append(megabytes / cpu)
                    seconds, _ = run(["uconv", "-x", "NFKC", "-i", path])
                    peer.append(megabytes / seconds)
                mine, theirs = statistics.median(ours), statistics.median(peer)
                row = f"| {language} | {profile} | {jobs} | {mine:.0f} | {statistics.median(ours_cpu):.0f} |"
                if baseline:
                    row += (f" {statistics.median(base):.0f} | {statistics.median(base_cpu):.0f} |"
                            f" {statistics.median(ours_cpu) / statistics.median(base_cpu):.2f}× |")
                row += f" {theirs:.0f} | {mine / theirs:.1f}× | {statistics.median(memory) / 1024:.0f} MiB |"
                print(row, flush=True)
    print(f"\nload after: {os.getloadavg()[0]:.1f}")

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
