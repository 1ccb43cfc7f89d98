#!/usr/bin/env python3
"""Writes the hosts-file corpus used by the core tests (tests/core/test_*.cpp).

Every file is spelled out here as explicit bytes (\\r\\n, \\r, \\0, \\xEF\\xBB\\xBF ...) so a
reviewer can see exactly what each test input holds. The output is deterministic; the
generated files are committed and the tests read those files, not this script.

Usage: python3 make_corpus.py            (writes next to this script)
       python3 make_corpus.py --check    (exit 1 if a committed file differs)
"""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

CRLF = b"\r\n"
LF = b"\n"
CR = b"\r"
BOM = b"\xef\xbb\xbf"


def lines(eol, *texts):
    """Joins text lines, each followed by `eol` (bytes)."""
    return b"".join(t + eol for t in texts)


def sjis(text):
    return text.encode("shift_jis")


def utf8(text):
    return text.encode("utf-8")


CORPUS = {}

# Same shape as the Windows 10 default: a comment header, an example section, and the
# localhost lines commented out. Wording is our own. CRLF on every line, final CRLF.
CORPUS["windows-default-crlf.hosts"] = lines(
    CRLF,
    b"# Copyright (c) 1993-2009 Example Corp. (test corpus, paraphrased)",
    b"#",
    b"# This is a sample HOSTS file of the kind Windows TCP/IP ships with.",
    b"#",
    b"# Each entry sits on its own line. The IP address goes in the first",
    b"# column, followed by the host name it stands for. Separate the address",
    b"# and the name with at least one space.",
    b"#",
    b"# Comments (like these) may be put on their own lines or after an entry,",
    b"# and are marked with a '#' sign.",
    b"#",
    b"# For example:",
    b"#",
    b"#      102.54.94.97     rhino.acme.com          # source server",
    b"#       38.25.63.10     x.acme.com              # x client host",
    b"",
    b"# localhost name resolution is handled within DNS itself.",
    b"#\t127.0.0.1       localhost",
    b"#\t::1             localhost",
)

# UTF-8 with a BOM (what Notepad used to write), Japanese comments, CRLF.
CORPUS["utf8-bom-japanese.hosts"] = BOM + lines(
    CRLF,
    utf8("# 開発用サーバー"),
    utf8("# 社内ステージング環境（手で編集しないでください）"),
    b"127.0.0.1       localhost",
    utf8("192.168.10.20   dev.example.co.jp    # 開発機"),
    b"",
    utf8("# テスト用ＤＮＳ（全角コメント）"),
    b"10.1.2.3        test.example.local staging.example.local",
)

# Shift_JIS comments, CRLF. ソ (83 5C) and 表 (95 5C) have a backslash as their second byte,
# and ー/ポ have trail bytes in the ASCII letter range: a byte-wise parser must not care.
CORPUS["shift-jis-comments.hosts"] = lines(
    CRLF,
    sjis("# ホスト設定ファイル（ソフト開発部）"),
    sjis("# 表示確認用サーバー"),
    b"127.0.0.1       localhost",
    b"192.168.0.10    intra.example.local    " + sjis("# 社内ポータル"),
    b"",
    sjis("# ここから下は検証環境"),
    b"10.20.30.40     verify.example.local",
)

# macOS default: "##" header, tab after the IPv4 addresses, spaces after ::1. LF.
CORPUS["macos-default.hosts"] = lines(
    LF,
    b"##",
    b"# Host Database",
    b"#",
    b"# localhost is used to configure the loopback interface",
    b"# when the system is booting.  Do not change this entry.",
    b"##",
    b"127.0.0.1\tlocalhost",
    b"255.255.255.255\tbroadcasthost",
    b"::1             localhost",
)

# Debian default after installation with a host name, including the IPv6 lines. LF.
CORPUS["debian-default-ipv6.hosts"] = lines(
    LF,
    b"127.0.0.1\tlocalhost",
    b"127.0.1.1\tbuildhost.example.internal\tbuildhost",
    b"",
    b"# The following lines are desirable for IPv6 capable hosts",
    b"::1     localhost ip6-localhost ip6-loopback",
    b"ff02::1 ip6-allnodes",
    b"ff02::2 ip6-allrouters",
)

# What Docker writes into a container's /etc/hosts. LF.
CORPUS["docker-style.hosts"] = lines(
    LF,
    b"127.0.0.1\tlocalhost",
    b"::1\tlocalhost ip6-localhost ip6-loopback",
    b"fe00::0\tip6-localnet",
    b"ff00::0\tip6-mcastprefix",
    b"ff02::1\tip6-allnodes",
    b"ff02::2\tip6-allrouters",
    b"172.17.0.2\tabc123def456",
)

# Hand-edited file: tabs and spaces mixed, trailing whitespace, inline comments, aliases,
# blank lines holding only whitespace, an indented comment and a '#' glued to a name. LF.
CORPUS["tabs-inline-comments.hosts"] = lines(
    LF,
    b"# hand edited by the infra team   ",
    b"127.0.0.1 \t localhost\t",
    b"10.0.0.5\tapi.local   # staging",
    b"10.0.0.6  \t  web.local www.web.local  static.web.local\t# aliases",
    b"   ",
    b"\t",
    b"  \t  # indented comment",
    b"\t192.168.1.1\trouter.lan   \t",
    b"10.0.0.7 db.local#nospace",
    b" \t ",
    b"::1\t\tlocalhost ip6-localhost   # v6",
)

# The last line has no line ending.
CORPUS["no-final-newline.hosts"] = (
    b"# the editor did not add a final newline\n"
    b"127.0.0.1 localhost\n"
    b"10.0.0.1 last.local"
)

# LF, CRLF and lone CR mixed. Line endings in order:
#   \n, \r\n, \r, \n, \r, \r, \r\n, \n
# i.e. three \n, three \r and two \r\n: a tie that the first one seen (\n) wins.
CORPUS["mixed-line-endings.hosts"] = (
    b"# mixed line endings\n"
    b"127.0.0.1 localhost\r\n"
    b"10.0.0.1 a.local\r"
    b"10.0.0.2 b.local\n"
    b"\r"
    b"# old Mac style line\r"
    b"10.0.0.3 c.local\r\n"
    b"# last\n"
)

# NUL bytes inside a comment and inside an entry line.
CORPUS["nul-bytes.hosts"] = (
    b"# a comment with a \x00 NUL byte\n"
    b"127.0.0.1 localhost\n"
    b"10.0.0.9 nul\x00host.local\n"
    b"\x00\n"
    b"10.0.0.10 after-nul.local\n"
)

# One comment line of about 100 KB between normal lines.
_long = b"# " + b"".join(b"segment-%05d " % i for i in range(7500))
CORPUS["very-long-line.hosts"] = (
    b"127.0.0.1 localhost\n" + _long + b"\n" + b"10.0.0.1 after-long-line.local\n"
)

CORPUS["empty.hosts"] = b""
CORPUS["only-bom.hosts"] = BOM
CORPUS["only-newlines.hosts"] = b"\n\n\n"
CORPUS["single-line-no-eol.hosts"] = b"127.0.0.1 localhost"

# An active user line for our name: apply must refuse (Conflict) unless asked to disable it.
CORPUS["existing-example-entry.hosts"] = lines(
    LF,
    b"# staging override set up by the previous agency",
    b"127.0.0.1 localhost",
    b"192.0.2.1 www.example.jp",
    b"10.0.0.1 other.local",
)

# The same line commented out: not a conflict.
CORPUS["commented-example-entry.hosts"] = lines(
    LF,
    b"127.0.0.1 localhost",
    b"# 192.0.2.1 www.example.jp",
    b"#192.0.2.1 example.jp",
)

# Bytes that are not UTF-8: a lone continuation byte, 0xFF, and a truncated 2-byte sequence.
CORPUS["invalid-utf8.hosts"] = lines(
    LF,
    b"# stray continuation byte \x80 here",
    b"# \xff and a truncated sequence \xc3",
    b"127.0.0.1 localhost",
    b"10.0.0.2 host.local # \xc3\x28 bad pair",
)


def main(argv):
    check = "--check" in argv[1:]
    stale = []
    for name, data in sorted(CORPUS.items()):
        path = HERE / name
        if check:
            if not path.exists() or path.read_bytes() != data:
                stale.append(name)
        else:
            path.write_bytes(data)
    if stale:
        print("stale corpus files (run make_corpus.py):", ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
