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

MB/s is input bytes (10^6) per second of wall time for the whole process, start-up
included; peak memory is the child's maximum resident set size.
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from normalize import benchmark_parser, prepare, run  # noqa: E402

QUERIES = ["Julani", "HTS", "Damacus", "جولانی", "هيئة تحرير الشام", "Khamenei"]


def glossary_terms(binary):
    """Every term of the shipped glossaries, one per line (for grep -F -f)."""
    output = subprocess.run([str(binary), "glossary", "export", "--format", "json"], check=True,
                            capture_output=True, text=True).stdout
    terms = {term["text"] for concept in json.loads(output)["concepts"] for term in concept["terms"]}
    handle = tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8")
    handle.write("\n".join(sorted(terms)) + "\n")
    handle.close()
    return Path(handle.name), len(terms)


def main():
    arguments = benchmark_parser(__doc__).parse_args()
    corpus, binary, jobs, _ = prepare(arguments)
    patterns, term_count = glossary_terms(binary)

    print(f"find: the shipped glossary ({term_count} distinct terms), {arguments.runs} runs, medians\n")
    print(f"| text | find 1 core | find {jobs} cores | grep -F, same terms | peak memory |")
    print("|---|---:|---:|---:|---:|")
    for language in arguments.languages.split(","):
        path = corpus / f"{language}.txt"
        size = path.stat().st_size / 1e6
        times = {"one": [], "all": [], "grep": []}
        peak = 0
        for _ in range(arguments.runs):
            seconds, kib = run([binary, "find", "--count", "--jobs", "1", path])
            times["one"].append(seconds)
            peak = max(peak, kib)
            seconds, kib = run([binary, "find", "--count", "--jobs", str(jobs), path])
            times["all"].append(seconds)
            peak = max(peak, kib)
            seconds, _ = run(["grep", "-c", "-F", "-f", patterns, path], allow_failure=True)
            times["grep"].append(seconds)
        rate = {key: size / statistics.median(value) for key, value in times.items()}
        print(f"| {language} | {rate['one']:.0f} MB/s | {rate['all']:.0f} MB/s | {rate['grep']:.0f} MB/s "
              f"| {peak / 1024:.0f} MiB |")
    os.unlink(patterns)

    print(f"\nlookup, cold (a new process each run), {arguments.runs} runs per query, medians\n")
    print("| command | median | slowest |")
    print("|---|---:|---:|")
    rows = [("tarjuman --version (process floor)", [binary, "--version"]),
            ("tarjuman glossary stats (read the glossaries)", [binary, "glossary", "stats"])]
    rows += [(f"tarjuman lookup {query}", [binary, "lookup", query]) for query in QUERIES]
    samples = {label: [] for label, _ in rows}
    for _ in range(arguments.runs):
        for label, command in rows:
            samples[label].append(run(command, allow_failure=True)[0])
    for label, _ in rows:
        values = samples[label]
        print(f"| `{label}` | {statistics.median(values) * 1000:.0f} ms | {max(values) * 1000:.0f} ms |")


if __name__ == "__main__":
    main()
