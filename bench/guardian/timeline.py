#!/usr/bin/env python3
"""Recovery timeline of the guardian bench (bench/guardian.sh): per injected fault, the milliseconds from the
fault to its detection, isolation and recovery, read from the node's own records; percentiles per kind.

Inputs:
  FAULTS     one JSON object per line, written by the bench for each injection:
             {"kind": "crash", "subject": "gb-crash-3/svc", "faultAt": <epoch ms>, "path": "detected"}
             path "prevented" (drift with bind prevention on) adds "refusedAt" (epoch ms) when known;
             "valid": false (the bench could not inject it as meant) keeps it out of the percentiles.
  --events   `edgefusion events --json` output (edgefusion.events/v1, one object per line); repeatable
  --evidence `edgefusion evidence ls --json` output (edgefusion.evidence.ls/v1); optional, repeatable. The
             guardian emits every evidence record as an event too, so duplicates (same kind, subject and
             millisecond) count once.

Per fault, only records of its subject at or after FAULT_AT count:
  detected   the first check.failed, breaker.transition to open, or bind.refused
  isolated   the first trip.isolate.done
  recovered  the first workload.healthy of the revision trip.rollback.done names (the new revision that
             re-applies the last-known-good file); none -> "not recovered"
  path "prevented" only (drift with bind prevention on):
  refused    the bind's EPERM itself: "refusedAt", the time faultd logged it (the bench reads it from the trip's
             snapshot of the workload's log)
  recorded   the first bind.refused: the guardian reads the kernel's refusal counter once per check round, so
             this is up to one interval after the bind failed
  neither    -> "not prevented"
Percentiles are nearest-rank (the smallest value with at least p % of the values at or below it), so every
reported number is one that was measured.
"""
import argparse
import json
import math
import sys
from datetime import datetime

SCHEMA = "edgefusion.bench.guardian/v1"
DETECTING = ("check.failed", "breaker.transition", "bind.refused")
# The targets for p99 fault -> recovered: a fixed 1 s, or the probe budget interval x retries + 1 s.
FIXED_TARGET_MS = {"crash": 1000, "oom": 1000, "drift": 1000}
PROBE_KINDS = ("probe", "hang")
SEED_RECOVERY_MS = 83000


def parse_time(text):
    """RFC 3339 as the node writes it (2026-12-01T20:33:12.123Z) -> epoch milliseconds."""
    return round(datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp() * 1000)


def read_events(lines):
    out = []
    for n, line in enumerate(lines, 1):
        line = line.strip()
        if not line:
            continue
        try:
            e = json.loads(line)
            out.append({"time": parse_time(e["time"]), "type": e["type"], "subject": e.get("subject", ""),
                        "attrs": {k: str(v) for k, v in (e.get("attributes") or {}).items()}})
        except (ValueError, KeyError, TypeError) as x:
            raise ValueError(f"events line {n}: not an edgefusion.events/v1 object: {x}") from None
    return out


def read_evidence(text):
    try:
        doc = json.loads(text)
        return [{"time": parse_time(r["time"]), "type": r["kind"], "subject": r.get("subject", ""),
                 "attrs": {k: v if isinstance(v, str) else json.dumps(v) for k, v in (r.get("payload") or {}).items()}}
                for r in doc["records"]]
    except (ValueError, KeyError, TypeError) as x:
        raise ValueError(f"evidence: not an edgefusion.evidence.ls/v1 document: {x}") from None


def merge(records):
    """One list, oldest first; a record seen both as an event and as evidence counts once."""
    seen, out = set(), []
    for r in sorted(records, key=lambda r: r["time"]):
        key = (r["type"], r["subject"], r["time"])
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out


def detecting(r):
    if r["type"] == "breaker.transition":
        return r["attrs"].get("to") == "open"
    return r["type"] in DETECTING


def first(records, pred):
    return next((r for r in records if pred(r)), None)


def timeline(fault, records):
    """The fault's steps in ms after FAULT_AT (None where a step never came)."""
    at = fault["faultAt"]
    mine = [r for r in records if r["subject"] == fault["subject"] and r["time"] >= at]
    since = lambda r: None if r is None else r["time"] - at
    detected = first(mine, detecting)
    isolated = first(mine, lambda r: r["type"] == "trip.isolate.done")
    rollback = first(mine, lambda r: r["type"] == "trip.rollback.done"
                     and r["attrs"].get("outcome", "rolled-back") == "rolled-back")
    recovered = None
    if rollback is not None and rollback["attrs"].get("revision") is not None:
        # The revision the rollback made; its workload's healthy event may come just before the record
        # (the rollout is gated on health). The record's sandbox is the faulty one: no help here.
        rev = rollback["attrs"]["revision"]
        recovered = first(mine, lambda r: r["type"] == "workload.healthy" and r["attrs"].get("revision") == rev)
    refused = fault.get("refusedAt")
    return {"detected": since(detected), "isolated": since(isolated), "recovered": since(recovered),
            "recorded": since(first(mine, lambda r: r["type"] == "bind.refused")),
            "refused": None if refused is None else refused - at}


def percentile(values, p):
    """Nearest rank: the value at rank ceil(p/100 * n) of the sorted values; None for no values."""
    if not values:
        return None
    s = sorted(values)
    return s[max(1, math.ceil(p / 100 * len(s))) - 1]


def stats(values):
    return {"n": len(values), "p50": percentile(values, 50), "p99": percentile(values, 99),
            "max": max(values) if values else None}


def target_ms(kind, interval_ms, retries):
    if kind in FIXED_TARGET_MS:
        return FIXED_TARGET_MS[kind]
    if kind in PROBE_KINDS and interval_ms is not None:
        return interval_ms * retries + 1000
    return None


def summarize(faults, records, interval_ms=None, retries=3):
    """Per kind (in the order the faults came) and path: counts and percentiles of each step."""
    groups = {}
    for f in faults:
        groups.setdefault((f["kind"], f.get("path", "detected")), []).append(f)
    kinds = []
    for (kind, path), fs in groups.items():
        valid = [f for f in fs if f.get("valid", True)]
        lines = [timeline(f, records) for f in valid]
        row = {"kind": kind, "path": path, "faults": len(valid), "invalid": len(fs) - len(valid)}
        if path == "prevented":
            row["refused"] = stats([t["refused"] for t in lines if t["refused"] is not None])
            row["recorded"] = stats([t["recorded"] for t in lines if t["recorded"] is not None])
            row["notPrevented"] = sum(1 for t in lines if t["refused"] is None and t["recorded"] is None)
        # A refused bind is a contract violation too: it opens the breaker, so both paths recover.
        for step in ("detected", "isolated", "recovered"):
            row[step] = stats([t[step] for t in lines if t[step] is not None])
        row["notRecovered"] = sum(1 for t in lines if t["recovered"] is None)
        target = target_ms(kind, interval_ms, retries)
        row["targetRecoveredP99Ms"] = target
        p99 = row["recovered"]["p99"]
        row["meetsTarget"] = None if target is None else (
            p99 is not None and p99 <= target and row["notRecovered"] == 0)
        kinds.append(row)
    return {"schema": SCHEMA, "intervalMs": interval_ms, "retries": retries,
            "faults": sum(r["faults"] for r in kinds), "kinds": kinds,
            "reference": {"seedRecoveredMs": SEED_RECOVERY_MS,
                          "source": "the seed's platform: recovery cut from 47 min to 83 s"}}


def fmt(v):
    return "-" if v is None else str(v)


def step(name, s):
    return f"{name} p50 {fmt(s['p50'])} p99 {fmt(s['p99'])} ms"


def table(summary):
    width = max([len(label(r)) for r in summary["kinds"]] + [5])
    out = []
    for r in summary["kinds"]:
        head = f"{label(r):<{width}}  "
        if r["path"] == "prevented":
            head += (f"{step('refused', r['refused'])}  {step('recorded', r['recorded'])}  "
                     f"not prevented {r['notPrevented']}  ")
        verdict = ""
        if r["targetRecoveredP99Ms"] is not None:
            verdict = f"  target p99 <= {r['targetRecoveredP99Ms']} ms {'PASS' if r['meetsTarget'] else 'FAIL'}"
        out.append(head + "  ".join(step(s, r[s]) for s in ("detected", "isolated", "recovered"))
                   + f"  not recovered {r['notRecovered']}" + tail(r) + verdict)
    worst = [r["recovered"]["p99"] for r in summary["kinds"] if r["recovered"]["p99"] is not None]
    ref = summary["reference"]["seedRecoveredMs"]
    line = f"reference: the seed's platform recovered in {ref // 1000} s"
    if worst:
        line += f"; the slowest p99 here is {max(worst)} ms ({ref / max(max(worst), 1):.0f}x faster)"
    out.append(line)
    return "\n".join(out)


def label(r):
    return r["kind"] + (" (prevented)" if r["path"] == "prevented" else "")


def tail(r):
    extra = f" of {r['faults']}"
    if r["invalid"]:
        extra += f" ({r['invalid']} not injected as meant, left out)"
    return extra


def main(argv=None):
    ap = argparse.ArgumentParser(description="Per fault kind: p50/p99 of fault -> detected, isolated, recovered.")
    ap.add_argument("faults", help="the bench's faults file (JSON lines)")
    ap.add_argument("--events", action="append", default=[], help="edgefusion events --json output")
    ap.add_argument("--evidence", action="append", default=[], help="edgefusion evidence ls --json output")
    ap.add_argument("--interval-ms", type=int, help="the check/probe interval, for the probe and hang target")
    ap.add_argument("--retries", type=int, default=3, help="health retries, for the probe and hang target")
    ap.add_argument("--json", action="store_true", help=f"print one JSON document (schema {SCHEMA})")
    a = ap.parse_args(argv)
    try:
        with open(a.faults) as f:
            faults = [json.loads(line) for line in f if line.strip()]
        records = []
        for path in a.events:
            with open(path) as f:
                records += read_events(f)
        for path in a.evidence:
            with open(path) as f:
                records += read_evidence(f.read())
    except (OSError, ValueError) as x:
        print(f"timeline: {x}", file=sys.stderr)
        return 2
    s = summarize(faults, merge(records), a.interval_ms, a.retries)
    print(json.dumps(s, indent=1) if a.json else table(s))
    return 0


if __name__ == "__main__":
    sys.exit(main())
