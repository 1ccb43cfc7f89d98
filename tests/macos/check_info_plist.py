#!/usr/bin/env python3
"""Generates fshosts.app's Info.plist with the build's own code (cmake -P
cmake/macos_info_plist.cmake, the function cmake/macos_bundle.cmake calls on macOS) and checks
it (label macos): a well-formed XML property list (plistlib) with the bundle id, the project
version, LSMinimumSystemVersion 12.0, the fshosts URL scheme, the localizations of po/LINGUAS plus
English and the icon file; and that a version CFBundleVersion cannot hold is refused.

    tests/macos/check_info_plist.py SOURCE_DIR CMAKE VERSION
"""
import pathlib
import plistlib
import subprocess
import sys
import tempfile


def fail(message: str) -> None:
    print(f"FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def generate(src: pathlib.Path, cmake: str, version: str, output: pathlib.Path) -> subprocess.CompletedProcess:
    return subprocess.run([cmake, f"-DOUTPUT={output}", f"-DVERSION={version}", f"-DLINGUAS_FILE={src / 'po' / 'LINGUAS'}",
                           "-P", str(src / "cmake" / "macos_info_plist.cmake")], capture_output=True, text=True)


def main() -> int:
    src, cmake, version = pathlib.Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    with tempfile.TemporaryDirectory() as tmp:
        output = pathlib.Path(tmp) / "Info.plist"
        r = generate(src, cmake, version, output)
        if r.returncode != 0:
            fail(f"cmake -P failed: {r.stderr}")
        text = output.read_bytes()
        if not text.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN"'):
            fail("no XML declaration and plist DOCTYPE at the start")
        # On macOS CMake configures MACOSX_BUNDLE_INFO_PLIST once more: nothing in it may look
        # like a variable then.
        if b"${" in text or b"@" in text:
            fail("the generated Info.plist still holds ${...} or @...@, which CMake would replace again")
        try:
            plist = plistlib.loads(text, fmt=plistlib.FMT_XML)
        except Exception as e:  # plistlib raises ExpatError or ValueError for malformed files
            fail(f"not a well-formed XML property list: {e}")
        linguas = [line.strip() for line in (src / "po" / "LINGUAS").read_text().splitlines()
                   if line.strip() and not line.startswith("#")]
        expected = {
            "CFBundleIdentifier": "jp.fshosts.fshosts",
            "CFBundleName": "fshosts",
            "CFBundleExecutable": "fshosts",
            "CFBundlePackageType": "APPL",
            "CFBundleInfoDictionaryVersion": "6.0",
            "CFBundleShortVersionString": version,
            "CFBundleVersion": version,
            "LSMinimumSystemVersion": "12.0",
            "CFBundleIconFile": "fshosts.icns",
            "CFBundleDevelopmentRegion": "en",
            "CFBundleLocalizations": linguas + ["en"],
            "CFBundleURLTypes": [{"CFBundleURLName": "jp.fshosts.fshosts", "CFBundleURLSchemes": ["fshosts"]}],
            "NSHighResolutionCapable": True,
        }
        for key, value in expected.items():
            if plist.get(key) != value:
                fail(f"{key} is {plist.get(key)!r}, expected {value!r}")
        if "ja" not in plist["CFBundleLocalizations"]:
            fail("Japanese is not among the localizations")
        # The icon named there is the one in the repository.
        if not (src / "icons" / plist["CFBundleIconFile"]).is_file():
            fail(f"icons/{plist['CFBundleIconFile']} does not exist")
        print(f"Info.plist: {len(plist)} keys, version {version}, localizations {plist['CFBundleLocalizations']}")
        for bad in ("0.1.0-beta", "1.0 <x>", ""):
            r = generate(src, cmake, bad, pathlib.Path(tmp) / "bad.plist")
            if r.returncode == 0 or "the version must be numbers" not in r.stderr:
                fail(f"the version {bad!r} was accepted")
    return 0


if __name__ == "__main__":
    sys.exit(main())
