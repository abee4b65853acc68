#!/usr/bin/env python3
"""Speed of the glossary commands: `find` throughput and cold `lookup` latency.

`find` runs with the whole shipped glossary over the benchmark corpus (fa, ar, en, mixed;
built with ../shared/bench/make-corpus.sh when missing), on one core and on all cores,
beside GNU grep looking for the same glossary's terms as fixed strings (`grep -c -F -f`,
an Aho-Corasick-style multi-pattern matcher that knows nothing of scripts, spellings or
word boundaries) in the same run. `lookup` is timed as a whole process, cold (a new
process each time), beside `tarjuman --version` (the process floor) and `tarjuman glossary
stats` (reading the glossaries only). Runs are interleaved, so that a noisy neighbour
slows every column alike; the table shows medians.

    python3 Benchmarks/glossary.py                      # 5 runs
    python3 Benchmarks/glossary.py --runs 9 --corpus /data/corpus
    python3 Benchmarks/glossary.py --baseline /tmp/old/tarjuman   # old beside new

Both binaries read this checkout's glossaries (TARJUMAN_DATA is set to it unless it is
set already: a baseline copied elsewhere finds no Glossaries folder beside it). `find`
saves its compiled patterns in ~/.cache/tarjuman (one file per glossary and build), so
every run but a build's first reads them: the rows are such runs, as `lookup`'s are.

MB/s is input bytes (10^6) per second of wall time for the whole process, start-up
included; CPU is user + system time of the process (all its threads), which a busy
machine disturbs less than wall time; peak memory is the child's maximum resident set
size. With `--baseline`, a second binary runs interleaved with the first, and each row
also gives the baseline's figures and the ratio of CPU times (new / old). The load
average is printed before and after: wall times mean little when it is above the core
count, unless the benchmark runs at real-time priority (`chrt -f 50 python3 ...`, as root),
which lets it run as on an idle machine.
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from normalize import benchmark_parser, prepare  # noqa: E402

os.environ.setdefault("TARJUMAN_DATA", str(Path(__file__).resolve().parent.parent))

QUERIES = ["Julani", "HTS", "Damacus", "جولانی", "هيئة تحرير الشام", "Khamenei"]


def run(command, allow_failure=False):
    """Runs a command with its output to /dev/null; returns (wall seconds, CPU seconds,
    peak KiB)."""
    with open(os.devnull, "rb") as stdin, open(os.devnull, "wb") as devnull:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdin=stdin, stdout=devnull, stderr=devnull)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
    if status != 0 and not (allow_failure and os.WIFEXITED(status) and os.WEXITSTATUS(status) == 1):
        sys.exit(f"failed ({status}): {' '.join(map(str, command))}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def load():
    with open("/proc/loadavg") as handle:
        return " ".join(handle.read().split()[:3])


def glossary_terms(binary):
    """Every term of the shipped glossaries, one per line (for grep -F -f)."""
    output = subprocess.run([str(binary), "glossary", "export", "--format", "json"], check=True,
                            capture_output=True, text=True).stdout
    terms = {term["text"] for concept in json.loads(output)["concepts"] for term in concept["terms"]}
    handle = tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8")
    handle.write("\n".join(sorted(terms)) + "\n")
    handle.close()
    return Path(handle.name), len(terms)


def median(values):
    return statistics.median(values)


def main():
    parser = benchmark_parser(__doc__)
    parser.add_argument("--baseline", type=Path, help="another tarjuman to run beside it")
    arguments = parser.parse_args()
    corpus, binary, jobs, _ = prepare(arguments)
    binaries = {"new": binary}
    if arguments.baseline:
        binaries["old"] = arguments.baseline
    patterns, term_count = glossary_terms(binary)
    # One untimed run each writes the saved patterns (and lookup's index) for what follows.
    for tarjuman in binaries.values():
        run([tarjuman, "find", "--count", os.devnull], allow_failure=True)
        run([tarjuman, "lookup", QUERIES[0]], allow_failure=True)
    print(f"load average before: {load()}\n")

    print(f"find: the shipped glossary ({term_count} distinct terms), {arguments.runs} runs, medians\n")
    header = f"| text | find 1 core | CPU | find {jobs} cores | CPU | grep -F, same terms | peak memory |"
    if arguments.baseline:
        header += f" old: 1 core | CPU | old: {jobs} cores | CPU | CPU new / old, 1 / {jobs} |"
    print(header)
    print("|---" + "|---:" * (header.count("|") - 2) + "|")
    # --languages "" measures lookup only.
    for language in filter(None, arguments.languages.split(",")):
        path = corpus / f"{language}.txt"
        size = path.stat().st_size / 1e6
        wall = {(name, count): [] for name in binaries for count in (1, jobs)}
        cpu = {key: [] for key in wall}
        grep = []
        peak = 0
        for _ in range(arguments.runs):
            for name, tarjuman in binaries.items():
                for count in (1, jobs):
                    seconds, used, kib = run([tarjuman, "find", "--count", "--jobs", str(count), path])
                    wall[(name, count)].append(seconds)
                    cpu[(name, count)].append(used)
                    if name == "new":
                        peak = max(peak, kib)
            grep.append(run(["grep", "-c", "-F", "-f", patterns, path], allow_failure=True)[0])
        rate = {key: size / median(values) for key, values in wall.items()}
        row = (f"| {language} | {rate[('new', 1)]:.0f} MB/s | {median(cpu[('new', 1)]):.2f} s "
               f"| {rate[('new', jobs)]:.0f} MB/s | {median(cpu[('new', jobs)]):.2f} s "
               f"| {size / median(grep):.0f} MB/s | {peak / 1024:.0f} MiB |")
        if arguments.baseline:
            ratios = [median(cpu[("new", count)]) / median(cpu[("old", count)]) for count in (1, jobs)]
            row += (f" {rate[('old', 1)]:.0f} MB/s | {median(cpu[('old', 1)]):.2f} s "
                    f"| {rate[('old', jobs)]:.0f} MB/s | {median(cpu[('old', jobs)]):.2f} s "
                    f"| {ratios[0]:.2f} / {ratios[1]:.2f} |")
        print(row, flush=True)
    os.unlink(patterns)

    print(f"\nlookup, cold (a new process each run), {arguments.runs} runs per query, medians\n")
    header = "| command | median | slowest | CPU |"
    if arguments.baseline:
        header += " old: median | old: CPU |"
    print(header)
    print("|---" + "|---:" * (header.count("|") - 2) + "|")
    rows = [("tarjuman --version (process floor)", ["--version"]),
            ("tarjuman glossary stats (read the glossaries)", ["glossary", "stats"])]
    rows += [(f"tarjuman lookup {query}", ["lookup", query]) for query in QUERIES]
    samples = {(name, label): ([], []) for name in binaries for label, _ in rows}
    for _ in range(arguments.runs):
        for label, command in rows:
            for name, tarjuman in binaries.items():
                seconds, used, _ = run([tarjuman] + command, allow_failure=True)
                samples[(name, label)][0].append(seconds)
                samples[(name, label)][1].append(used)
    for label, _ in rows:
        times, used = samples[("new", label)]
        row = (f"| `{label}` | {median(times) * 1000:.0f} ms | {max(times) * 1000:.0f} ms "
               f"| {median(used) * 1000:.0f} ms |")
        if arguments.baseline:
            old_times, old_used = samples[("old", label)]
            row += f" {median(old_times) * 1000:.0f} ms | {median(old_used) * 1000:.0f} ms |"
        print(row)
    print(f"\nload average after: {load()}")


if __name__ == "__main__":
    main()
