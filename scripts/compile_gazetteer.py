#!/usr/bin/env python3
"""Compile the gazetteer for the app: the places, and a name index built ahead of time.

    python3 scripts/compile_gazetteer.py [IN.tsv.gz] [OUT.bin.zst]

IN is the gazetteer that build_data.py writes (columns id kind name lat lon country admin1
population names). OUT is three zstd frames: the places as TSV without the names, in two
halves, then the name index: the magic `NMIDX1\0\0`, a u64 count, and that many
little-endian records (u64 hash of the folded name, u32 place number, u32 1 if it is the
place's display name), sorted. With the index built here the app does not fold and sort
700,000 names at start-up (it must answer its first lookup within 300 ms).

fold() and key_hash() below mirror newsmap::text::fold_name and key_hash exactly; a test in
tests/data.rs looks up names through both paths and checks they agree.

Needs: zstandard (pip install zstandard).
"""
import gzip
import struct
import sys
import unicodedata
from pathlib import Path

try:
    import zstandard
except ImportError:  # pragma: no cover
    sys.exit("compile_gazetteer.py needs zstandard: pip install zstandard")

ROOT = Path(__file__).resolve().parent.parent
DROPPED = {"'", ".", "`", "\u2019", "\u2018", "\u02bc", "\u02b9", "\u00b4"}


def is_cyrillic(c: str) -> bool:
    o = ord(c)
    return 0x0400 <= o <= 0x052F or 0x1C80 <= o <= 0x1C8F or 0x2DE0 <= o <= 0x2DFF or 0xA640 <= o <= 0xA69F


def is_mark(c: str) -> bool:
    return unicodedata.category(c) in ("Mn", "Mc", "Me")


def fold(name: str) -> str:
    """newsmap::text::fold_name: lower case, diacritics removed (not in Cyrillic), apostrophes
    and periods dropped, other punctuation and spaces folded into single spaces."""
    out = []
    pending_space = False

    def push(ch: str):
        nonlocal pending_space
        if pending_space and out:
            out.append(" ")
        pending_space = False
        out.append(ch)

    for c in name:
        if c in DROPPED:
            continue
        if ord(c) < 128:
            if "A" <= c <= "Z":
                push(c.lower())
            elif "a" <= c <= "z" or "0" <= c <= "9":
                push(c)
            else:
                pending_space = True
            continue
        if c in ("ё", "Ё"):
            push("е")
        elif is_cyrillic(c):
            for l in c.lower():
                push(l)
        elif c.isalpha() or c.isnumeric():
            for d in unicodedata.normalize("NFD", c):
                if is_mark(d):
                    continue
                for l in d.lower():
                    push(l)
        elif is_mark(c):
            continue
        else:
            pending_space = True
    return "".join(out)


FNV_OFFSET = 0xCBF29CE484222325
FNV_PRIME = 0x100000001B3
MASK = (1 << 64) - 1
INDEX_MAGIC = b"NMIDX1\0\0"


def key_hash(key: str) -> int:
    """newsmap::text::key_hash: 64-bit FNV-1a of the key's UTF-8 bytes."""
    h = FNV_OFFSET
    for b in key.encode("utf-8"):
        h ^= b
        h = (h * FNV_PRIME) & MASK
    return h


def main():
    src = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "data" / "gazetteer.tsv.gz"
    dst = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "data" / "gazetteer.bin.zst"
    lines = gzip.decompress(src.read_bytes()).decode("utf-8").split("\n")
    header = lines[0].split("\t")
    assert header[-1] == "names", header
    rows = []
    entries = []
    for line in lines[1:]:
        if not line:
            continue
        cols = line.split("\t")
        place = len(rows)
        rows.append("\t".join(cols[:8]))
        seen = set()
        for i, name in enumerate([cols[2]] + (cols[8].split("|") if len(cols) > 8 else [])):
            k = fold(name)
            if not k:
                continue
            h = key_hash(k)
            if h in seen:
                continue
            seen.add(h)
            entries.append((h, place, 1 if i == 0 else 0))
    entries.sort()
    # Frames 1 and 2: the places, as TSV with the header, in two halves that the app
    # decompresses and parses on two threads. Frame 3: the name index, sorted.
    head = "\t".join(header[:8])
    half = len(rows) // 2
    compressor = zstandard.ZstdCompressor(level=19)
    frames = []
    for part in (rows[:half], rows[half:]):
        frames.append(compressor.compress(("\n".join([head] + part) + "\n").encode("utf-8")))
    index = bytearray(INDEX_MAGIC)
    index += struct.pack("<Q", len(entries))
    for h, place, primary in entries:
        index += struct.pack("<QII", h, place, primary)
    frames.append(compressor.compress(bytes(index)))
    dst.write_bytes(b"".join(frames))
    print(f"{dst.name}: {len(rows)} places, {len(entries)} names, "
          f"{dst.stat().st_size / 1e6:.1f} MB in {len(frames)} zstd frames")


if __name__ == "__main__":
    main()
