#!/usr/bin/python3
"""A stand-in for /usr/bin/osascript (tests/platform/test_macos_platform.cpp lays it over
/usr/bin in a private mount namespace). It records its arguments and the names of its environment
variables, checks that the script has the one shape fshosts uses, then does what AppleScript's
`do shell script` would: it builds the shell command from the script line with its own parser and
its own `quoted form of` (single quotes, each ' as '\\''), runs it with /bin/sh and prints the
result and a newline, as osascript prints a run handler's result. In mode "cancel" it answers as
osascript does when the user presses Cancel in the authorization prompt.
"""
import os
import re
import subprocess
import sys

records = open("/usr/bin/osascript.records").read()
with open(os.path.join(records, "osascript.argv"), "wb") as f:
    f.write(b"\0".join(os.fsencode(a) for a in sys.argv[1:]))
with open(os.path.join(records, "osascript.env"), "w") as f:
    f.write("\n".join(sorted(os.environ)))

if open("/usr/bin/osascript.mode").read() == "cancel":
    sys.stderr.write("0:312: execution error: User canceled. (-128)\n")
    sys.exit(1)

# osascript [-e statement]... [argument]...: the arguments go to the run handler as `argv`.
args, statements = sys.argv[1:], []
while len(args) >= 2 and args[0] == "-e":
    statements.append(args[1])
    args = args[2:]
line = re.fullmatch(r"return do shell script \((.*)\) with administrator privileges without altering line endings",
                    statements[1] if len(statements) == 3 else "")
if len(statements) != 3 or statements[0] != "on run argv" or statements[2] != "end run" or not line:
    sys.stderr.write(f"0:1: syntax error: unexpected script {statements!r} (-2741)\n")
    sys.exit(1)

command = b""
for piece in line.group(1).split(" & "):
    literal = re.fullmatch(r'"([^"\\]*)"', piece)
    item = re.fullmatch(r"quoted form of item ([0-9]+) of argv", piece)
    if literal:
        command += literal.group(1).encode()
    elif item:
        command += b"'" + os.fsencode(args[int(item.group(1)) - 1]).replace(b"'", b"'\\''") + b"'"
    else:
        sys.stderr.write(f"0:1: syntax error: unexpected piece {piece!r} (-2741)\n")
        sys.exit(1)
result = subprocess.run([b"/bin/sh", b"-c", command], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
if result.returncode != 0:
    sys.stderr.write(f"0:1: execution error: {result.stderr.decode(errors='replace')} ({result.returncode})\n")
    sys.exit(1)
sys.stdout.buffer.write(result.stdout + b"\n")
