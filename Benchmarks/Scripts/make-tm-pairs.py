#!/usr/bin/env python3
"""Extract real translation pairs from the Debian gettext catalogs of the benchmark corpus.

The corpus script (../shared/bench/make-corpus.sh) unpacks the .mo files of ~55 Debian
packages under $CORPUS/src/root. Each catalog pairs English msgids with a translation;
this script writes them as TSV files for `tarjuman tm import`:

    pairs-en-fa.tsv, pairs-en-ar.tsv   every en-fa and en-ar pair (header row: en<TAB>fa)
    tm-100k/NN-en-XX.tsv               the first 100,000 of those units, one file per
    tm-1m/NN-en-XX.tsv                 language pair, and the first 1,000,000 (en-fa and
                                       en-ar first, then other languages in name order);
                                       each file has a header row (en<TAB>XX), NN orders them

Pairs are kept when both sides have 3 to 300 characters, no tab or line break, and are
not identical; plural forms and context prefixes are dropped. Output is deterministic
(catalogs read in sorted order, duplicates removed).

    CORPUS=/work/corpus python3 Benchmarks/Scripts/make-tm-pairs.py OUTDIR
"""
import gettext, os, sys

corpus = os.environ.get("CORPUS", "/work/corpus")
out = sys.argv[1] if len(sys.argv) > 1 else "Benchmarks/corpus"
root = os.path.join(corpus, "src", "root")
os.makedirs(out, exist_ok=True)

catalogs = {}
for dirpath, _, files in os.walk(root):
    if not dirpath.endswith("LC_MESSAGES"):
        continue
    language = os.path.basename(os.path.dirname(dirpath))
    for name in files:
        if name.endswith(".mo"):
            catalogs.setdefault(language, []).append(os.path.join(dirpath, name))


def ok(text):
    return (3 <= len(text.strip()) and len(text) <= 300
            and not any(ord(c) < 0x20 or c in "\x85\u2028\u2029" for c in text))


def pairs(language):
    seen = set()
    for path in sorted(catalogs.get(language, [])):
        try:
            with open(path, "rb") as f:
                catalog = gettext.GNUTranslations(f)._catalog
        except Exception:
            continue
        for key in sorted(catalog, key=lambda k: (str(k),)):
            if not isinstance(key, str) or not key:
                continue
            source = key.split("\x04")[-1]
            target = catalog[key]
            if not isinstance(target, str) or not ok(source) or not ok(target):
                continue
            if source == target or (source, target) in seen:
                continue
            seen.add((source, target))
            yield source, target


sizes = {"tm-100k": 100_000, "tm-1m": 1_000_000}
for folder in sizes:
    os.makedirs(os.path.join(out, folder), exist_ok=True)
    for old in os.listdir(os.path.join(out, folder)):
        os.remove(os.path.join(out, folder, old))
total = 0
order = ["fa", "ar"] + sorted(l for l in catalogs if l not in ("fa", "ar", "en", "en_GB") and not l.startswith("en@"))
for number, language in enumerate(order):
    tag = language.replace("_", "-").split("@")[0]
    rows = list(pairs(language))
    if language in ("fa", "ar"):
        with open(os.path.join(out, f"pairs-en-{language}.tsv"), "w", encoding="utf-8") as f:
            f.write(f"en\t{language}\n")
            for s, t in rows:
                f.write(f"{s}\t{t}\n")
        print(f"en-{language}: {len(rows)} pairs", file=sys.stderr)
    for folder, size in sizes.items():
        take = rows[: max(0, size - total)]
        if not take:
            continue
        with open(os.path.join(out, folder, f"{number:02d}-en-{tag}.tsv"), "w", encoding="utf-8") as f:
            f.write(f"en\t{tag}\n")
            for s, t in take:
                f.write(f"{s}\t{t}\n")
    total += len(rows)
    if total >= 1_000_000:
        break
print(f"{min(total, 1_000_000)} units in tm-1m", file=sys.stderr)
