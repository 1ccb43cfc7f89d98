#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets (tests/fuzz/corpus/<target>/) from the test data.

Seeds come from the hosts fixtures (tests/data/hosts), the literals of the validation and helper
protocol tests, and a few hand-written cases spelled out below. The output is deterministic; the
generated files are committed and the fuzz targets read those, not this script (CI does not run
it). Targets that take a control byte first (document, conflicts) get each file once per a few
control bytes.

Usage: python3 tests/fuzz/make_seeds.py
"""

import hashlib
import re
import shutil
from pathlib import Path

HERE = Path(__file__).resolve().parent
TESTS = HERE.parent
HOSTS = TESTS / "data" / "hosts"

BEGIN = b"# >>> fshosts managed block (jp.fshosts.hosts) - do not edit by hand >>>"
END = b"# <<< fshosts managed block (jp.fshosts.hosts) <<<"
END_NFN = b"# <<< fshosts managed block (jp.fshosts.hosts; the file had no final newline) <<<"
DISABLED = b"#[fshosts:disabled] "

# Hosts files that are not in tests/data: the block and disabled lines.
HAND_WRITTEN_HOSTS = [
    b"127.0.0.1 localhost\n" + BEGIN + b"\n203.0.113.10 www.example.jp\n203.0.113.10 example.jp\n" + END + b"\n",
    b"127.0.0.1 localhost" + b"\n" + BEGIN + b"\n203.0.113.10 www.example.jp\n" + END_NFN + b"\n",
    b"127.0.0.1 localhost\r\n" + BEGIN + b"\r\n2001:db8::1 example.jp\r\n" + END + b"\r\n",
    DISABLED + b"192.0.2.1 www.example.jp\n" + BEGIN + b"\n203.0.113.10 www.example.jp\n" + END + b"\n",
    b"#  >>> fshosts edited marker\n203.0.113.10 www.example.jp\n",
    BEGIN + b"\n203.0.113.10 www.example.jp\n",
    b"127.0.0.1 localhost localhost.localdomain www.example.jp\n",
    b"::ffff:192.0.2.1 example.jp\n  \t 192.0.2.1 www.example.jp   \n",
]

# Where glibc's hosts parser and the engine's find_conflicts disagreed before issue 9 ("Read the
# file as the resolver does"): tests/fuzz/regressions/conflicts/<name>, the control byte 0 first
# (the name www.example.jp). The document target gets them as seeds.
RESOLVER_CASES = {
    "bom-first-line": b"\xef\xbb\xbf192.0.2.1 www.example.jp\n",
    "vertical-tab-separator": b"192.0.2.1\x0bwww.example.jp\n",
    "form-feed-separator": b"192.0.2.1 localhost\x0cwww.example.jp\n",
    "lone-cr-continues-line": b"192.0.2.1 a.example\rwww.example.jp\n",
    "nul-ends-line": b"192.0.2.1 a.example\x00 www.example.jp\n",
    "short-ipv4-form": b"127.1 www.example.jp\n",
    "ipv6-zone-id": b"fe80::1%eth0 www.example.jp\n",
    "ipv4-leading-zero": b"010.0.0.1 www.example.jp\n",
}

# parse_helper_request inputs beyond the literals of tests/core/test_helper_protocol.cpp.
HASH = "0" * 64
HAND_WRITTEN_REQUESTS = [
    '{"operation":"apply","names":["https://WWW.Example.JP/shop?x=1","例え.jp"],"address":"２０３.0.113.10",'
    '"disable_conflicts":true,"expected_hash":"' + HASH + '","language":"ja"}',
    '{"operation":"revert","names":["example.jp"],"expected_hash":"' + HASH + '"}',
    '{"operation":"revert","expected_hash":"' + HASH + '"}',
    '{"operation":"restore","backup_id":"20261126T102233.123456Z-1a2b3c4d","expected_hash":"' + HASH + '"}',
    ' {"operation":"status"} ',
    '{"operation":"apply","names":["a.jp","a.jp"],"address":"2001:db8::1","expected_hash":"' + HASH + '"}',
    '{"operation":"restore","backup_id":"../../etc/shadow","expected_hash":"' + HASH + '"}',
    '{"operation":"status","hosts_file":"/tmp/x"}',
    '[[[[[[[[[[{"operation":"status"}]]]]]]]]]]',
]

# Display escaper inputs: controls, C1, bidi and line separators, broken UTF-8. The first two
# bytes are the limits (see fuzz_displayable.cpp).
DISPLAY = [
    b"\xff\xff" + "203.0.113.10 www.example.jp # 日本語".encode(),
    b"\x10\x80" + b"tab\there\x1b[31mred\x7f",
    b"\xff\xff" + "a\u202eb\u2066c\u2069\u200e\u200f\u061c\u2028\u2029\u0085\ufeff".encode(),
    b"\x08\x03" + b"\xc0\xaf\xed\xa0\x80\xf4\x90\x80\x80\xe3\x81",
    b"\x00\x00" + b"anything",
    b"\xff\x7f" + "ＷＷＷ．ＥＸＡＭＰＬＥ．ＪＰ\r\n\x00".encode(),
]


def c_string(literal):
    """The bytes of a C++ string literal's body (escapes \\\\ \\" \\t \\n \\r \\0 \\xNN \\uNNNN)."""
    out = bytearray()
    i = 0
    while i < len(literal):
        c = literal[i]
        if c != "\\":
            out += c.encode()
            i += 1
            continue
        e = literal[i + 1]
        if e in "\\\"'":
            out.append(ord(e))
            i += 2
        elif e in "tnr0":
            out.append({"t": 9, "n": 10, "r": 13, "0": 0}[e])
            i += 2
        elif e == "x":
            m = re.match(r"[0-9A-Fa-f]{1,2}", literal[i + 2:])
            out.append(int(m.group(0), 16))
            i += 2 + len(m.group(0))
        elif e == "u":
            out += chr(int(literal[i + 2:i + 6], 16)).encode()
            i += 6
        else:
            out += ("\\" + e).encode()
            i += 2
    return bytes(out)


def first_literals(source, pattern):
    """The first string literal of every `{"...", ...}` pair in a test source."""
    text = source.read_text(encoding="utf-8")
    return [c_string(m.group(1)) for m in re.finditer(pattern, text)]


def write(target, seeds, limit):
    folder = HERE / "corpus" / target
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    unique = list(dict.fromkeys(seeds))[:limit]
    for seed in unique:
        (folder / hashlib.sha1(seed).hexdigest()).write_bytes(seed)
    print(f"{target}: {len(unique)} seeds")


def main():
    hosts = [p.read_bytes() for p in sorted(HOSTS.glob("*.hosts")) if p.stat().st_size <= 4096]
    hosts += HAND_WRITTEN_HOSTS
    known = HERE / "regressions" / "conflicts"  # rewritten, never emptied: later findings stay
    known.mkdir(parents=True, exist_ok=True)
    for name, case in RESOLVER_CASES.items():
        (known / name).write_bytes(b"\x00" + case)
    # document: control byte = names, address, disable_conflicts (fuzz_document.cpp).
    write("document", [bytes([c]) + h for h in hosts + list(RESOLVER_CASES.values()) for c in (0x00, 0x85)], 64)
    # conflicts: control byte = the name (fuzz_conflicts.cpp).
    write("conflicts", [bytes([0]) + h for h in hosts] + [bytes([1]) + h for h in HAND_WRITTEN_HOSTS], 48)

    validation = TESTS / "text" / "test_validation.cpp"
    literals = first_literals(validation, r'\{"((?:[^"\\]|\\.)*)",')
    addresses = [c_string(m) for m in re.findall(r'normalize_address\("((?:[^"\\]|\\.)*)"', validation.read_text())]
    write("normalize", literals + addresses + [b"2001:DB8:0:0:1:0:0:1", b"::ffff:203.0.113.10", b"203.0.113.010"], 48)

    protocol = TESTS / "core" / "test_helper_protocol.cpp"
    requests = [m.encode() for m in re.findall(r'R"\((\{[^)]*\})\)"', protocol.read_text())]
    write("helper_request", requests + [r.encode() for r in HAND_WRITTEN_REQUESTS], 48)

    write("displayable", DISPLAY + [b"\xff\xff" + h for h in hosts[:20]], 32)


if __name__ == "__main__":
    main()
