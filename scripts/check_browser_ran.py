"""Fail when the browser tests in a JUnit report were skipped or absent (CI must run them)."""

import sys
import xml.etree.ElementTree as ET

report = sys.argv[1]
root = ET.parse(report).getroot()
cases = [c for c in root.iter("testcase") if ".browser." in c.get("classname", "")]
skipped = [c for c in cases if c.find("skipped") is not None]
if not cases:
    sys.exit(f"{report}: no browser test ran")
if skipped:
    sys.exit(
        f"{report}: {len(skipped)} browser test(s) skipped: " + ", ".join(c.get("name") for c in skipped)
    )
print(f"{report}: {len(cases)} browser test(s) ran")
