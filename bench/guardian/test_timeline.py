"""Tests of bench/guardian/timeline.py on inline fixtures: python3 -m unittest bench/guardian/test_timeline.py"""
import io
import json
import os
import sys
import tempfile
import unittest
import unittest.mock
from contextlib import redirect_stdout
from datetime import datetime, timezone

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import timeline  # noqa: E402

T0 = 1_796_000_000_000  # epoch ms of the first fixture fault


def iso(ms):
    return datetime.fromtimestamp(ms / 1000, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms % 1000:03d}Z"


def event(ms, type_, subject, **attrs):
    return json.dumps({"schema": "edgefusion.events/v1", "id": ms, "time": iso(ms), "type": type_,
                       "subject": subject, "attributes": {k: str(v) for k, v in attrs.items()}})


def tripped(subject, at, detect, isolate, heal, rev=3, detect_type="check.failed"):
    """The event lines of one fault handled fully: detection, isolation, rollback to `rev`, healthy again."""
    lines = [event(at - 500, "workload.healthy", subject, revision=2, sandbox="bad"),  # v2 before the fault
             event(at + detect, detect_type, subject, check="network.listen", revision=2, to="open")]
    if isolate is not None:
        lines += [event(at + detect + 1, "trip.opened", subject),
                  event(at + isolate, "trip.isolate.done", subject)]
    if heal is not None:
        lines += [event(at + heal, "workload.healthy", subject, revision=rev, sandbox="good"),
                  event(at + heal + 2, "trip.rollback.done", subject, outcome="rolled-back", revision=rev,
                        sandbox="good")]
    return lines


def run(faults, lines, **kw):
    return timeline.summarize(faults, timeline.merge(timeline.read_events(lines)), **kw)


def row(summary, kind, path="detected"):
    return next(r for r in summary["kinds"] if r["kind"] == kind and r["path"] == path)


class PercentileTest(unittest.TestCase):
    def test_nearest_rank(self):
        self.assertIsNone(timeline.percentile([], 50))
        self.assertEqual(timeline.percentile([7], 99), 7)
        self.assertEqual(timeline.percentile([4, 1, 3, 2], 50), 2)
        self.assertEqual(timeline.percentile(list(range(1, 101)), 99), 99)
        self.assertEqual(timeline.percentile(list(range(1, 101)), 50), 50)
        self.assertEqual(timeline.percentile(list(range(1, 16)), 99), 15)  # 15 faults: p99 is the worst

    def test_parse_time_is_exact_to_the_millisecond(self):
        self.assertEqual(timeline.parse_time(iso(T0 + 123)), T0 + 123)


class TimelineTest(unittest.TestCase):
    def test_several_faults_per_kind(self):
        faults, lines = [], []
        for i, (detect, isolate, heal) in enumerate([(4, 10, 180), (9, 20, 420), (5, 12, 200)]):
            s, at = f"gb-crash-{i}/svc", T0 + i * 10_000
            faults.append({"kind": "crash", "subject": s, "faultAt": at})
            lines += tripped(s, at, detect, isolate, heal, detect_type="breaker.transition")
        r = row(run(faults, lines), "crash")
        self.assertEqual(r["faults"], 3)
        self.assertEqual((r["detected"]["p50"], r["detected"]["p99"]), (5, 9))
        self.assertEqual((r["isolated"]["p50"], r["isolated"]["p99"]), (12, 20))
        self.assertEqual((r["recovered"]["p50"], r["recovered"]["p99"]), (200, 420))
        self.assertEqual(r["notRecovered"], 0)
        self.assertTrue(r["meetsTarget"])

    def test_missing_steps_mean_not_recovered(self):
        faults = [{"kind": "oom", "subject": "gb-oom-0/svc", "faultAt": T0},
                  {"kind": "oom", "subject": "gb-oom-1/svc", "faultAt": T0 + 10_000},
                  {"kind": "oom", "subject": "gb-oom-2/svc", "faultAt": T0 + 20_000}]
        lines = (tripped("gb-oom-0/svc", T0, 3, 8, 300)
                 + tripped("gb-oom-1/svc", T0 + 10_000, 3, None, None)       # detected, never isolated
                 + [event(T0 + 20_500, "workload.healthy", "gb-oom-2/svc", revision=2)])  # nothing at all
        r = row(run(faults, lines), "oom")
        self.assertEqual(r["notRecovered"], 2)
        self.assertEqual(r["detected"]["n"], 2)
        self.assertEqual(r["isolated"]["n"], 1)
        self.assertEqual(r["recovered"]["n"], 1)
        self.assertFalse(r["meetsTarget"])  # a fault not recovered misses the target whatever the p99

    def test_healthy_of_the_faulty_revision_is_not_recovery(self):
        s = "gb-hal-0/svc"
        lines = tripped(s, T0, 5, 9, None) + [
            event(T0 + 50, "workload.healthy", s, revision=2, sandbox="bad"),
            event(T0 + 60, "trip.rollback.done", s, outcome="rolled-back", revision=3, sandbox="good"),
            event(T0 + 90, "workload.healthy", s, revision=3, sandbox="good")]
        r = row(run([{"kind": "hal", "subject": s, "faultAt": T0}], lines), "hal")
        self.assertEqual(r["recovered"]["p50"], 90)
        self.assertIsNone(r["targetRecoveredP99Ms"])  # the issue sets no target for HAL drift

    def test_records_before_the_fault_or_of_other_workloads_do_not_count(self):
        s = "gb-probe-0/svc"
        lines = [event(T0 - 5, "check.failed", s, check="health"),
                 event(T0 + 1, "check.failed", "gb-probe-1/svc", check="health"),
                 event(T0 + 1, "breaker.transition", s, to="half-open")] + tripped(s, T0, 700, 705, 1400)
        r = row(run([{"kind": "probe", "subject": s, "faultAt": T0}], lines, interval_ms=250), "probe")
        self.assertEqual(r["detected"]["p50"], 700)
        self.assertEqual(r["targetRecoveredP99Ms"], 1750)  # 250 ms x 3 retries + 1 s
        self.assertTrue(r["meetsTarget"])

    def test_drift_reports_both_paths(self):
        faults = [{"kind": "drift", "subject": "gb-drift-0/svc", "faultAt": T0},
                  {"kind": "drift", "subject": "gb-driftp-0/svc", "faultAt": T0 + 10_000, "path": "prevented",
                   "refusedAt": T0 + 10_001},
                  {"kind": "drift", "subject": "gb-driftp-1/svc", "faultAt": T0 + 20_000, "path": "prevented"}]
        lines = (tripped("gb-drift-0/svc", T0, 240, 245, 600)
                 + tripped("gb-driftp-0/svc", T0 + 10_000, 3, 8, 350, detect_type="bind.refused"))
        s = run(faults, lines)
        self.assertEqual(row(s, "drift")["recovered"]["p50"], 600)
        self.assertNotIn("prevented", row(s, "drift"))
        p = row(s, "drift", "prevented")
        self.assertEqual((p["refused"]["p50"], p["recorded"]["p50"], p["notPrevented"]), (1, 3, 1))
        self.assertEqual((p["recovered"]["p50"], p["notRecovered"]), (350, 1))

    def test_invalid_injections_are_counted_apart(self):
        faults = [{"kind": "crashloop", "subject": "a/svc", "faultAt": T0},
                  {"kind": "crashloop", "subject": "b/svc", "faultAt": T0, "valid": False}]
        r = row(run(faults, tripped("a/svc", T0, 900, 905, 1300)), "crashloop")
        self.assertEqual((r["faults"], r["invalid"], r["notRecovered"]), (1, 1, 0))

    def test_an_evidence_record_also_seen_as_an_event_counts_once(self):
        s = "gb-crash-0/svc"
        evidence = {"schema": "edgefusion.evidence.ls/v1", "records": [
            {"seq": 1, "time": iso(T0 + 2), "kind": "check.failed", "subject": s, "payload": {"revision": 2}},
            {"seq": 2, "time": iso(T0 + 3), "kind": "trip.isolate.done", "subject": s, "payload": {}},
            {"seq": 3, "time": iso(T0 + 9), "kind": "trip.rollback.done", "subject": s,
             "payload": {"outcome": "rolled-back", "revision": 3, "sandbox": "good"}}]}
        records = timeline.read_events([event(T0 + 2, "check.failed", s, revision=2),
                                        event(T0 + 8, "workload.healthy", s, revision=3)])
        records += timeline.read_evidence(json.dumps(evidence))
        merged = timeline.merge(records)
        self.assertEqual(len(merged), 4)
        r = row(timeline.summarize([{"kind": "crash", "subject": s, "faultAt": T0}], merged), "crash")
        self.assertEqual((r["detected"]["p50"], r["isolated"]["p50"], r["recovered"]["p50"]), (2, 3, 8))

    def test_bad_input_names_the_line(self):
        with self.assertRaisesRegex(ValueError, "events line 2"):
            timeline.read_events([event(T0, "x", "y"), "{not json"])


class OutputTest(unittest.TestCase):
    def files(self, faults, lines):
        d = tempfile.TemporaryDirectory()
        self.addCleanup(d.cleanup)
        fp, ep = os.path.join(d.name, "faults.jsonl"), os.path.join(d.name, "events.jsonl")
        with open(fp, "w") as f:
            f.write("".join(json.dumps(x) + "\n" for x in faults))
        with open(ep, "w") as f:
            f.write("\n".join(lines) + "\n")
        return fp, ep

    def main(self, *argv):
        out = io.StringIO()
        with redirect_stdout(out):
            code = timeline.main(list(argv))
        return code, out.getvalue()

    def test_one_line_per_kind_and_the_reference(self):
        fp, ep = self.files([{"kind": "crash", "subject": "c/svc", "faultAt": T0},
                             {"kind": "hang", "subject": "h/svc", "faultAt": T0}],
                            tripped("c/svc", T0, 4, 6, 180) + tripped("h/svc", T0, 3100, 3105, 3900))
        code, out = self.main(fp, "--events", ep, "--interval-ms", "1000")
        self.assertEqual(code, 0)
        lines = out.splitlines()
        self.assertEqual(lines[0], "crash  detected p50 4 p99 4 ms  isolated p50 6 p99 6 ms  recovered p50 180 "
                                   "p99 180 ms  not recovered 0 of 1  target p99 <= 1000 ms PASS")
        self.assertTrue(lines[1].startswith("hang   detected p50 3100"), lines[1])
        self.assertTrue(lines[1].endswith("target p99 <= 4000 ms PASS"), lines[1])
        self.assertTrue(lines[2].startswith("reference: the seed's platform recovered in 83 s"), lines[2])

    def test_the_prevented_path_has_its_own_line(self):
        fp, ep = self.files([{"kind": "drift", "subject": "d/svc", "faultAt": T0},
                             {"kind": "drift", "subject": "p/svc", "faultAt": T0, "path": "prevented",
                              "refusedAt": T0 + 1}],
                            tripped("d/svc", T0, 200, 210, 500)
                            + tripped("p/svc", T0, 150, 160, 450, detect_type="bind.refused"))
        code, out = self.main(fp, "--events", ep)
        lines = out.splitlines()
        self.assertTrue(lines[0].startswith("drift              detected p50 200"), lines[0])
        self.assertEqual(lines[1], "drift (prevented)  refused p50 1 p99 1 ms  recorded p50 150 p99 150 ms  "
                                   "not prevented 0  detected p50 150 p99 150 ms  isolated p50 160 p99 160 ms  "
                                   "recovered p50 450 p99 450 ms  not recovered 0 of 1  target p99 <= 1000 ms PASS")

    def test_json(self):
        fp, ep = self.files([{"kind": "crash", "subject": "c/svc", "faultAt": T0}], tripped("c/svc", T0, 4, 6, 180))
        code, out = self.main(fp, "--events", ep, "--json")
        self.assertEqual(code, 0)
        doc = json.loads(out)
        self.assertEqual(doc["schema"], "edgefusion.bench.guardian/v1")
        self.assertEqual(doc["faults"], 1)
        self.assertEqual(doc["kinds"][0]["recovered"], {"n": 1, "p50": 180, "p99": 180, "max": 180})
        self.assertEqual(doc["reference"]["seedRecoveredMs"], 83000)

    def test_unreadable_input_is_one_line_and_exit_2(self):
        err = io.StringIO()
        with redirect_stdout(io.StringIO()), unittest.mock.patch("sys.stderr", err):
            code = timeline.main(["/nonexistent/faults.jsonl"])
        self.assertEqual(code, 2)
        self.assertTrue(err.getvalue().startswith("timeline: "), err.getvalue())


if __name__ == "__main__":
    unittest.main()
