#!/usr/bin/env python3
"""Says whether a screenshot shows text drawn as empty boxes (missing glyphs).

    glyph_boxes.py IMAGE.pgm [MIN_DISTINCT]

Reads a binary PGM (8-bit gray, dark text on a light window), finds the connected dark shapes of
glyph size and looks for runs of three or more equal hollow rectangles side by side on one line:
how Wine draws characters the font has no glyph for. Exit 0: no such run and at least
MIN_DISTINCT (default 0) different glyph-sized shapes (text drawn as nothing has none);
1: boxes found or too few shapes; 2: bad input.
"""
import sys


def read_pgm(path):
    with open(path, "rb") as f:
        data = f.read()
    fields = []
    pos = 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos)
            continue
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    if fields[0] != b"P5" or int(fields[3]) != 255:
        raise ValueError("not an 8-bit binary PGM")
    width, height = int(fields[1]), int(fields[2])
    pixels = data[pos + 1:pos + 1 + width * height]
    if len(pixels) != width * height:
        raise ValueError("truncated PGM")
    return width, height, pixels


def components(width, height, ink):
    seen = bytearray(width * height)
    for start in range(width * height):
        if not ink[start] or seen[start]:
            continue
        seen[start] = 1
        stack = [start]
        points = []
        while stack:
            p = stack.pop()
            points.append(p)
            x, y = p % width, p // width
            for nx, ny in ((x - 1, y), (x + 1, y), (x, y - 1), (x, y + 1)):
                if 0 <= nx < width and 0 <= ny < height:
                    q = ny * width + nx
                    if ink[q] and not seen[q]:
                        seen[q] = 1
                        stack.append(q)
        yield points


def main():
    if len(sys.argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    min_distinct = int(sys.argv[2]) if len(sys.argv) == 3 else 0
    try:
        width, height, pixels = read_pgm(sys.argv[1])
    except (OSError, ValueError, IndexError) as e:
        print(f"glyph_boxes: {sys.argv[1]}: {e}", file=sys.stderr)
        return 2
    # Anti-aliased strokes are mid-grey: everything clearly darker than the background is ink.
    ink = bytes(1 if v < 200 else 0 for v in pixels)
    shapes = set()
    glyph_count = 0
    boxes = []
    for points in components(width, height, ink):
        xs = [p % width for p in points]
        ys = [p // width for p in points]
        x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
        w, h = x1 - x0 + 1, y1 - y0 + 1
        if not (2 <= w <= 40 and 4 <= h <= 40):
            continue
        glyph_count += 1
        mine = set(points)
        shapes.add((w, h, frozenset((p % width - x0, p // width - y0) for p in points)))
        # A hollow rectangle: every border pixel inked, nothing of it inside.
        if w < 4 or h < 6:
            continue
        border = [(x, y0) for x in range(x0, x1 + 1)] + [(x, y1) for x in range(x0, x1 + 1)]
        border += [(x0, y) for y in range(y0, y1 + 1)] + [(x1, y) for y in range(y0, y1 + 1)]
        if len(mine) == len(set(border)) and all(y * width + x in mine for x, y in border):
            boxes.append((y0, h, w, x0))
    boxes.sort()
    longest = run = 0
    for i, box in enumerate(boxes):
        same_line = i > 0 and boxes[i - 1][:3] == box[:3] and 0 < box[3] - boxes[i - 1][3] <= box[2] + 4
        run = run + 1 if same_line else 1
        longest = max(longest, run)
    print(f"glyph_boxes: {glyph_count} glyph-sized shapes, {len(shapes)} distinct, "
          f"{len(boxes)} hollow boxes, longest run {longest}")
    if longest >= 3:
        print("glyph_boxes: text is drawn as empty boxes (the font has no glyphs for it)", file=sys.stderr)
        return 1
    if len(shapes) < min_distinct:
        print(f"glyph_boxes: fewer than {min_distinct} distinct shapes: is the text drawn at all?", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
