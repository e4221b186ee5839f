#!/usr/bin/env python3
"""Where a JFR recording's CPU samples and allocations go, by library and by method.

Usage: bench/jfr-top.py RECORDING.jfr [TOP]
Needs `jfr` on PATH (JDK 17+; the JDK 25 one also has `jfr view`). Prints, for jdk.ExecutionSample:
the top self frames, and the share of samples by library: each sample goes to the innermost frame of a known
library (JDK frames count for the library that called them; wrappers such as JOSDK's Micrometer timer around a
reconcile get nothing for what they wrap); for jdk.ObjectAllocationSample: the same by sampled weight.
"""
import collections, json, subprocess, sys

LIBRARIES = [  # first match wins, most specific first
    ("io.dbsecrets.", "operator (io.dbsecrets)"),
    ("io.javaoperatorsdk.", "JOSDK"),
    ("io.fabric8.kubernetes.client.informers", "fabric8 informers"),
    ("io.fabric8.", "fabric8 client"),
    ("com.fasterxml.jackson.", "Jackson"),
    ("software.amazon.", "AWS SDK"),
    ("io.micrometer.", "Micrometer"),
    ("ch.qos.logback.", "Logback"),
    ("org.slf4j.", "SLF4J"),
    ("jdk.internal.net.http.", "JDK HttpClient"),
    ("sun.security.", "TLS / crypto"),
    ("java.util.zip.", "zip (class loading)"),
    ("jdk.internal.loader.", "class loading"),
    ("java.lang.ClassLoader", "class loading"),
    ("java.lang.invoke.", "method handles / lambdas"),
    ("jdk.internal.reflect.", "reflection"),
]


def library(frame_type):
    for prefix, name in LIBRARIES:
        if frame_type.startswith(prefix):
            return name
    return None


def frames(event):
    stack = event["values"].get("stackTrace") or {}
    return [f["method"]["type"]["name"].replace("/", ".") + "." + f["method"]["name"] for f in stack.get("frames") or []]


def report(path, event_type, weight_field, top):
    out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "64", "--events", event_type, path],
                         check=True, capture_output=True, text=True).stdout
    events = json.loads(out)["recording"]["events"]
    total = 0
    self_frames, libraries = collections.Counter(), collections.Counter()
    for e in events:
        w = e["values"].get(weight_field, 1) if weight_field else 1
        fs = frames(e)
        if not fs:
            continue
        total += w
        self_frames[fs[0]] += w
        libraries[next((lib for lib in map(library, fs) if lib), "JDK only (no library frame)")] += w
    unit = "bytes (sampled weight)" if weight_field else "samples"
    print(f"## {event_type}: {len(events)} events, {total:,} {unit}\n")
    print("| top frame | share |\n|---|---|")
    for f, w in self_frames.most_common(top):
        print(f"| `{f}` | {100 * w / total:.1f}% |")
    print("\n| innermost library | share |\n|---|---|")
    for lib, w in libraries.most_common():
        print(f"| {lib} | {100 * w / total:.1f}% |")
    print()


if __name__ == "__main__":
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    report(sys.argv[1], "jdk.ExecutionSample", None, top)
    report(sys.argv[1], "jdk.ObjectAllocationSample", "weight", top)
