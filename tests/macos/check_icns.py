#!/usr/bin/env python3
"""Checks icons/fshosts.icns, the macOS app icon (label macos): the icns header and length, the
chunk types and sizes that scripts/make-icns writes, every chunk a PNG that decodes (chunk CRCs,
IHDR, zlib stream, scanline filters) to an image of the size its type promises with pixels
identical to the committed PNG it was made from, and the file equal to what scripts/make-icns
makes now (so it was regenerated after the PNGs changed).

    tests/macos/check_icns.py SOURCE_DIR
"""
import pathlib
import struct
import subprocess
import sys
import tempfile
import zlib

EXPECTED = [(b"icp4", 16), (b"ic11", 32), (b"icp5", 32), (b"ic12", 64), (b"ic07", 128),
            (b"ic13", 256), (b"ic08", 256), (b"ic14", 512), (b"ic09", 512)]
CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}  # PNG colour type -> samples per pixel


def fail(message: str) -> None:
    print(f"FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def paeth(a: int, b: int, c: int) -> int:
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else (b if pb <= pc else c)


def decode_png(data: bytes, what: str):
    """(width, height, rows of raw pixel bytes): a full decode of an 8-bit, non-interlaced PNG."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        fail(f"{what}: not a PNG")
    pos, idat, ihdr, ended = 8, b"", None, False
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])
        if zlib.crc32(kind + body) != crc:
            fail(f"{what}: bad CRC in chunk {kind!r}")
        if kind == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            ended = True
        pos += 12 + length
    if ihdr is None or not ended or pos != len(data):
        fail(f"{what}: IHDR or IEND missing, or bytes after IEND")
    width, height, depth, colour, _, _, interlace = ihdr
    if depth != 8 or colour not in CHANNELS or interlace != 0:
        fail(f"{what}: unexpected PNG format (depth {depth}, colour type {colour}, interlace {interlace})")
    bpp = CHANNELS[colour]
    raw = zlib.decompress(idat)
    stride = width * bpp
    if len(raw) != height * (stride + 1):
        fail(f"{what}: {len(raw)} bytes of image data, expected {height * (stride + 1)}")
    rows, previous = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        if kind > 4:
            fail(f"{what}: unknown filter {kind} in row {y}")
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = previous[x]
            c = previous[x - bpp] if x >= bpp else 0
            line[x] = (line[x] + (0, a, b, (a + b) // 2, paeth(a, b, c))[kind]) & 0xFF
        rows.append(bytes(line))
        previous = line
    return width, height, rows


def main() -> int:
    src = pathlib.Path(sys.argv[1])
    icns = (src / "icons" / "fshosts.icns").read_bytes()
    if icns[:4] != b"icns":
        fail("the file does not start with 'icns'")
    (total,) = struct.unpack(">I", icns[4:8])
    if total != len(icns):
        fail(f"header says {total} bytes, the file has {len(icns)}")
    chunks, pos = [], 8
    while pos < len(icns):
        if pos + 8 > len(icns):
            fail(f"truncated chunk header at {pos}")
        kind, length = struct.unpack(">4sI", icns[pos:pos + 8])
        if length < 8 or pos + length > len(icns):
            fail(f"chunk {kind!r} at {pos} has a bad length {length}")
        chunks.append((kind, icns[pos + 8:pos + length]))
        pos += length
    if [k for k, _ in chunks] != [k for k, _ in EXPECTED]:
        fail(f"chunk types {[k for k, _ in chunks]}, expected {[k for k, _ in EXPECTED]}")
    for (kind, data), (_, size) in zip(chunks, EXPECTED):
        width, height, rows = decode_png(data, kind.decode())
        if (width, height) != (size, size):
            fail(f"{kind.decode()}: {width}x{height}, expected {size}x{size}")
        source = src / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "fshosts.png"
        if decode_png(source.read_bytes(), str(source))[2] != rows:
            fail(f"{kind.decode()}: pixels differ from {source}")
        print(f"{kind.decode()}: PNG {width}x{height}, {len(data)} bytes, decoded")
    with tempfile.TemporaryDirectory() as tmp:
        fresh = pathlib.Path(tmp) / "fshosts.icns"
        subprocess.run([sys.executable, str(src / "scripts" / "make-icns"), str(fresh)], check=True)
        if fresh.read_bytes() != icns:
            fail("icons/fshosts.icns is not what scripts/make-icns makes of the committed PNGs: run it")
    print(f"icons/fshosts.icns: {len(icns)} bytes, {len(chunks)} PNG chunks, up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
