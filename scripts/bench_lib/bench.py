#!/usr/bin/env python3
"""Benchmark driver for eks-idp-remediation (stdlib only).

For each scenario: generate a fleet and the matching targets file, start the simulator in its
own JVM, run the job (apply or plan) in another JVM, and measure the job's wall time, its peak
RSS (ru_maxrss of the job process from wait4), and the simulator's server-side counters.
"""
import argparse
import atexit
import csv
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request

HUB_ENV = {
    "AWS_ACCESS_KEY_ID": "AKIDSIMHUB0000000001",
    "AWS_SECRET_ACCESS_KEY": "simulator-hub-secret",
    "AWS_REGION": "us-east-1",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_CONFIG_FILE": "/dev/null",
    "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
}
REGIONS = ["us-east-1", "eu-west-1"]
ROLE = "EksIdpRemediation"
PROVIDER = "legacy-idp"
CONCURRENCY = 64

_children = []  # Popen objects (own process groups) to kill on exit


def _kill_group(p):
    if p.poll() is None:
        try:
            os.killpg(p.pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        for _ in range(50):
            if p.poll() is not None:
                return
            time.sleep(0.1)
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def _cleanup(*_):
    for p in list(_children):
        try:
            _kill_group(p)
        except Exception:
            pass


atexit.register(_cleanup)
for _sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
    signal.signal(_sig, lambda s, f: (_cleanup(), sys.exit(128 + s)))


def log(msg):
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------- fleets

class Spec:
    """A fleet plus the targets of a scenario, and what the lower bound needs to know."""

    def __init__(self, eks=(10, 10), sts=(50, 50), latency=(50, 150), faults=None):
        self.eks, self.sts, self.latency, self.faults = eks, sts, latency, faults
        self.accounts = {}  # id -> list of clusters
        self.targets = []  # (account, region, cluster, busy)

    def add(self, account, region, busy=0):
        clusters = self.accounts.setdefault(account, [])
        name = f"c{len(clusters):05d}-{region}"
        clusters.append({"region": region, "name": name, "busy": busy,
                         "identityProviders": [{"name": PROVIDER, "type": "oidc"}]})
        self.targets.append((account, region, name, busy))

    def fleet(self):
        f = {"limits": {}, "latencyMs": {"min": self.latency[0], "max": self.latency[1]},
             "updateDurationMs": 1000,
             "accounts": [{"id": a, "clusters": cs} for a, cs in self.accounts.items()]}
        if self.eks:
            f["limits"]["eks"] = {"ratePerSecond": self.eks[0], "burst": self.eks[1]}
        if self.sts:
            f["limits"]["sts"] = {"ratePerSecond": self.sts[0], "burst": self.sts[1]}
        if self.faults:
            f["faults"] = self.faults
        return f

    def write(self, d):
        fleet_path, targets_path = os.path.join(d, "fleet.json"), os.path.join(d, "targets.csv")
        with open(fleet_path, "w") as fh:
            json.dump(self.fleet(), fh)
        write_targets(targets_path, self.targets)
        return fleet_path, targets_path

    def bound(self, calls_per_target=1, tool_rates=None):
        """Lower bound in seconds: max(EKS bound, STS bound) + one call's mean latency. With explicit tool rates
        below the service's, the tool's own ceilings (and bursts) bound it instead."""
        buckets = {}
        for acc, region, _, busy in self.targets:
            buckets[(acc, region)] = buckets.get((acc, region), 0) + calls_per_target + busy
        eks, sts = self.eks, self.sts
        if tool_rates:
            if eks and tool_rates[0] < eks[0]:
                eks = (tool_rates[0], tool_rates[1])
            if sts and tool_rates[2] < sts[0]:
                sts = (tool_rates[2], max(1, tool_rates[2]))
        eks_b = 0.0
        if eks:
            rate, burst = eks
            eks_b = max(max(0, n - burst) / rate for n in buckets.values())
        sts_b = 0.0
        if sts:
            rate, burst = sts
            sts_b = max(0, len(self.accounts) - burst) / rate
        lat = (self.latency[0] + self.latency[1]) / 2000.0
        return {"eks_bound_s": eks_b, "sts_bound_s": sts_b, "latency_s": lat,
                "bound_s": max(eks_b, sts_b) + lat, "buckets": len(buckets),
                "largest_bucket_calls": max(buckets.values())}


def write_targets(path, targets):
    with open(path, "w", newline="") as fh:
        fh.write("account_id,region,cluster_name,provider_type,provider_name\n")
        for acc, region, cluster, _ in targets:
            fh.write(f"{acc},{region},{cluster},oidc,{PROVIDER}\n")


def acct(i):
    return f"{100000000000 + i:012d}"


def skewed(faults=None, busy_share=0.0, seed=42):
    rnd = random.Random(seed)
    s = Spec(faults=faults)
    for _ in range(150):
        s.add(acct(0), REGIONS[0], busy=(rnd.choice([1, 2]) if rnd.random() < busy_share else 0))
    for i in range(1, 501):
        for _ in range(rnd.randint(1, 3)):
            s.add(acct(i), rnd.choice(REGIONS), busy=(rnd.choice([1, 2]) if rnd.random() < busy_share else 0))
    return s


def uniform(n=2000):
    s = Spec()
    for i in range(n):
        s.add(acct(i), REGIONS[i % 2])
    return s


def size(n, per_account=100):
    s = Spec(eks=None, sts=None, latency=(0, 0))
    for i in range(n):
        s.add(acct(i // per_account), REGIONS[i % 2])
    return s


# ---------------------------------------------------------------- processes

class Simulator:
    def __init__(self, java, jar, fleet_path, workdir):
        self.log_path = os.path.join(workdir, "simulator.log")
        self.log = open(self.log_path, "w")
        self.p = subprocess.Popen([java, "-cp", jar, "dev.eksidp.simulator.SimulatorMain", fleet_path, "0"],
                                  stdout=subprocess.PIPE, stderr=self.log, text=True, start_new_session=True)
        _children.append(self.p)
        self.url = None
        deadline = time.time() + 120
        while time.time() < deadline:
            line = self.p.stdout.readline()
            if not line:
                break
            if line.startswith("Simulator listening on "):
                self.url = line.split()[-1].strip()
                break
        if not self.url:
            self.stop()
            raise RuntimeError(f"simulator did not start; see {self.log_path}")
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self):
        for _ in self.p.stdout:
            pass

    def stats(self):
        with urllib.request.urlopen(self.url + "/_sim/stats", timeout=60) as r:
            return json.load(r)

    def stop(self):
        _kill_group(self.p)
        if self.p in _children:
            _children.remove(self.p)
        self.log.close()


PEAK_THREADS = [0]  # platform threads of the last measured job (sampled), a side result of run_measured


def launcher_jvm_options():
    """The JVM options the installed launcher (src/main/dist/bin/eks-idp-remediation) uses, so the benchmark
    measures what users run: lib/jvm-options plus a class-data archive (the launcher keeps it in the user's cache
    directory; here it is in target/, made by the first run)."""
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    with open(os.path.join(root, "src", "main", "dist", "lib", "jvm-options")) as f:
        return f.read().split() + ["-XX:+AutoCreateSharedArchive",
                                   "-XX:SharedArchiveFile=" + os.path.join(root, "target", "eks-idp-remediation.jsa")]


def run_measured(cmd, env, timeout, log_path):
    """Runs cmd in its own process group; returns (exit code or 'timeout', wall s, peak RSS MiB, CPU s)."""
    with open(log_path, "w") as out:
        t0 = time.monotonic()
        p = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                             start_new_session=True)
        _children.append(p)
        timed_out = threading.Event()

        def on_timeout():
            timed_out.set()
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

        timer = threading.Timer(timeout, on_timeout)
        timer.start()
        peak_threads = [0]
        done = threading.Event()

        def sample_threads():  # the job's thread count, from /proc, twice a second
            while not done.wait(0.5):
                try:
                    with open(f"/proc/{p.pid}/status") as fh:
                        for line in fh:
                            if line.startswith("Threads:"):
                                peak_threads[0] = max(peak_threads[0], int(line.split()[1]))
                except OSError:
                    return

        threading.Thread(target=sample_threads, daemon=True).start()
        _, status, rusage = os.wait4(p.pid, 0)
        wall = time.monotonic() - t0
        done.set()
        timer.cancel()
        PEAK_THREADS[0] = peak_threads[0]
        p.returncode = os.waitstatus_to_exitcode(status)
        _children.remove(p)
    rc = "timeout" if timed_out.is_set() else p.returncode
    return rc, wall, rusage.ru_maxrss / 1024.0, rusage.ru_utime + rusage.ru_stime


def job_env(url):
    env = dict(os.environ)
    env.update(HUB_ENV)
    env["AWS_ENDPOINT_URL"] = url
    env.pop("AWS_PROFILE", None)
    env.pop("AWS_SESSION_TOKEN", None)
    return env


def dir_size(path, prefix):
    return sum(os.path.getsize(os.path.join(path, f)) for f in os.listdir(path) if f.startswith(prefix))


def progress_done(job_log):
    """Targets done according to the job's last progress line (for a run killed before its reports)."""
    done = 0
    try:
        with open(job_log) as fh:
            for line in fh:
                if "Progress: " in line:
                    done = int(line.split("Progress: ")[1].split("/")[0])
    except (OSError, ValueError, IndexError):
        pass
    return done


def rates_reached(summary_json):
    """The rates the job says it reached (summary.json's rates), or {} without a summary."""
    try:
        with open(summary_json) as fh:
            return json.load(fh).get("rates", {})
    except (OSError, ValueError):
        return {}


def outcomes(report_csv):
    counts = {}
    if not os.path.exists(report_csv):
        return counts
    with open(report_csv, newline="") as fh:
        for row in csv.DictReader(fh):
            counts[row["outcome"]] = counts.get(row["outcome"], 0) + 1
    return counts


# ---------------------------------------------------------------- scenarios

FLEET = "fleet"  # tool rates: tell the tool the simulator's own limits
SCENARIOS = {
    # name: (description, builder, mode, tool rates: None = no rate option (the tool finds the rates),
    #        FLEET = the simulator's limits, or (eks, burst, sts); extra args)
    "a": ("skewed, defaults: 1 account x 150 targets + 500 accounts x 1-3 targets, 2 regions; EKS 10/s b10, STS 50/s "
          "b50, 50-150 ms; no rate option", lambda: skewed(), "apply", None, []),
    "a-told": ("fleet (a), the tool told the simulator's rates (--eks-rate 10 --eks-burst 10 --sts-rate 50)",
               lambda: skewed(), "apply", FLEET, []),
    "a-plan": ("plan on fleet (a), defaults: 2 EKS calls per target", lambda: skewed(), "plan", None, []),
    "b": ("uniform, defaults: 2,000 accounts x 1 target", lambda: uniform(), "apply", None, []),
    "b-plan": ("plan on fleet (b), defaults", lambda: uniform(), "plan", None, []),
    "c": ("faults, defaults: (a) + 5% ServerException, 1% dropped connections, 5% of clusters busy 1-2 times",
          lambda: skewed(faults={"serverErrorRate": 0.05, "dropConnectionRate": 0.01, "seed": 7}, busy_share=0.05),
          "apply", None, ["--busy-backoff", "1000"]),
    "d10k": ("size: 10,000 targets (100 accounts x 100), no latency, no limits", lambda: size(10_000), "apply",
             (1e6, 1_000_000, 1e6), []),
    "d100k": ("size: 100,000 targets (1,000 accounts x 100), no latency, no limits", lambda: size(100_000), "apply",
              (1e6, 1_000_000, 1e6), []),
    "f": ("fleet (a), rates 5x too high: --eks-rate 50 --eks-burst 50 --sts-rate 250 against 10/s and 50/s",
          lambda: skewed(), "apply", (50, 50, 250), []),
    "g": ("fleet (a), rates below the service's: --eks-rate 5 --eks-burst 5 --sts-rate 20 against 10/s and 50/s",
          lambda: skewed(), "apply", (5, 5, 20), []),
    "e": ("baseline: aws CLI loop (sts assume-role + eks disassociate-identity-provider-config) on fleet (a), "
          "subset, extrapolated", lambda: skewed(), "baseline", None, []),
}
DEFAULT = ["a", "b", "c", "f", "g", "d10k", "d100k"]
ALL = ["a", "a-told", "a-plan", "b", "b-plan", "c", "f", "g", "d10k", "d100k", "e"]
TARGET_RATIO = {"a": 1.15, "b": 1.10, "c": 1.5, "f": 1.3}
MAX_THROTTLED = {"a": 0.02, "f": 0.10}


class Bench:
    def __init__(self, root, java):
        self.root, self.java = root, java
        self.jar = os.path.join(root, "target", "eks-idp-remediation.jar")
        self.out_dir = os.path.join(root, "target", "bench")
        self.startup = None
        self.empty_db_bytes = 0

    def workdir(self, name):
        d = os.path.join(self.out_dir, name)
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
        return d

    def job_cmd(self, mode, targets, d, rates, extra):
        # BENCH_JAVA_OPTS: extra JVM options for the job, e.g. a flight recording to find where time goes.
        opts = os.environ.get("BENCH_JAVA_OPTS", "").split()
        rate_args = []
        if rates:
            eks, burst, sts = rates
            rate_args = ["--eks-rate", f"{eks:g}", "--eks-burst", str(int(burst)), "--sts-rate", f"{sts:g}"]
        return [self.java, "-Deksidp.terminal=false"] + launcher_jvm_options() + opts + ["-jar", self.jar, mode] + (["--yes"] if mode == "apply" else []) + [
            "--targets", targets, "--report-dir", os.path.join(d, "report"),
            # BENCH_H2_OPTS: extra H2 URL settings, e.g. ";COMPRESS=TRUE", to try MVStore settings.
            "--job-repository", f"jdbc:h2:file:{d}/db;WRITE_DELAY=0" + os.environ.get("BENCH_H2_OPTS", "")] + rate_args + [
            "--max-concurrency", str(CONCURRENCY), "--max-attempts", "8", "--backoff", "250"] + extra

    def measure_startup(self, runs=3):
        """JVM + Spring + H2 start-up and shut-down: apply on a header-only targets file, against a live simulator."""
        d = self.workdir("startup")
        spec = Spec()
        spec.add(acct(0), REGIONS[0])
        fleet_path, _ = spec.write(d)
        empty = os.path.join(d, "empty.csv")
        write_targets(empty, [])
        sim = Simulator(self.java, self.jar, fleet_path, d)
        walls, rss = [], []
        try:
            for i in range(runs):
                rd = os.path.join(d, f"run{i}")
                os.makedirs(rd)
                rc, wall, peak, cpu = run_measured(self.job_cmd("apply", empty, rd, (10, 10, 50), []), job_env(sim.url), 120,
                                              os.path.join(rd, "job.log"))
                walls.append(wall)
                rss.append(peak)
                log(f"start-up run {i}: exit {rc}, {wall:.2f} s, CPU {cpu:.1f} s, peak RSS {peak:.0f} MiB")
                self.empty_db_bytes = dir_size(rd, "db")
        finally:
            sim.stop()
        walls.sort()
        self.startup = walls[len(walls) // 2]
        return {"scenario": "startup", "description": f"apply on a header-only targets file, median of {runs}",
                "mode": "apply", "targets": 0, "wall_s": self.startup, "startup_runs_s": walls,
                "peak_rss_mib": max(rss), "h2_bytes": self.empty_db_bytes}

    def run(self, name):
        desc, build, mode, rates, extra = SCENARIOS[name]
        if mode == "baseline":
            return self.baseline(name, desc, build())
        d = self.workdir(name)
        spec = build()
        fleet_path, targets_path = spec.write(d)
        # plan reads the cluster and the config; apply describes the config (kept for restore), then removes it.
        calls_per_target = 2
        res = {"scenario": name, "description": desc, "mode": mode, "targets": len(spec.targets),
               "accounts": len(spec.accounts), "concurrency": CONCURRENCY}
        tool_rates = (spec.eks[0], spec.eks[1], spec.sts[0]) if rates == FLEET else rates
        if spec.eks:
            res.update(spec.bound(calls_per_target, tool_rates))
        else:
            res["buckets"] = spec.bound(calls_per_target)["buckets"]
        res["tool_rates"] = ({"eks_rate": tool_rates[0], "eks_burst": tool_rates[1], "sts_rate": tool_rates[2]}
                             if tool_rates else "defaults (no rate option)")
        # Generous (a loaded machine can be 5x slower than the bound) but bounded: the job is killed at the timeout.
        timeout = 1800 if len(spec.targets) > 20_000 else max(300, 12 * res.get("bound_s", 30) + 120)
        timeout = float(os.environ.get("BENCH_TIMEOUT_S", timeout))
        log(f"{name}: {len(spec.targets)} targets, {len(spec.accounts)} accounts; starting simulator")
        sim = Simulator(self.java, self.jar, fleet_path, d)
        try:
            cmd = self.job_cmd(mode, targets_path, d, tool_rates, extra)
            log(f"{name}: running {mode} (timeout {timeout:.0f} s)")
            rc, wall, peak, cpu = run_measured(cmd, job_env(sim.url), timeout, os.path.join(d, "job.log"))
            stats = sim.stats()
        finally:
            sim.stop()
        with open(os.path.join(d, "sim-stats.json"), "w") as fh:
            json.dump(stats, fh)
        ar = stats.get("assumeRoleCallsPerAccount", {})
        eks_calls = stats.get("eksCalls", 0)
        res.update({
            "exit": rc, "wall_s": wall, "startup_s": self.startup, "peak_rss_mib": peak, "job_cpu_s": cpu,
            "peak_threads": PEAK_THREADS[0],
            "assume_role_calls": sum(ar.values()), "accounts_with_work": len(spec.accounts),
            "max_assume_role_per_account": max(ar.values()) if ar else 0,
            "sts_calls": stats.get("stsCalls", 0), "sts_throttles": stats.get("stsThrottles", 0),
            "eks_calls": eks_calls, "eks_throttles": stats.get("eksThrottles", 0),
            "throttled_share": (stats.get("eksThrottles", 0) / eks_calls) if eks_calls else 0.0,
            "eks_calls_per_target": eks_calls / len(spec.targets),
            "eks_peak_bucket_rate": max(stats.get("peakRatePerBucket", {}).values() or [0]),
            "sts_peak_rate": stats.get("stsPeakRate", 0),
            "cpu_ms_per_target": 1000.0 * cpu / len(spec.targets),
            "rates_reached": rates_reached(os.path.join(d, "report", "summary.json")),
            "max_changes_per_provider": stats.get("maxChangesPerProvider", 0),
            "server_errors_injected": stats.get("serverErrorsInjected", 0),
            "connections_dropped": stats.get("connectionsDropped", 0),
            "busy_rejections": stats.get("busyRejections", 0),
            "outcomes": outcomes(os.path.join(d, "report", ("plan" if mode == "plan" else "report") + ".csv")),
            "h2_bytes": dir_size(d, "db"),
        })
        res["targets_done"] = sum(res["outcomes"].values()) if res["outcomes"] else progress_done(os.path.join(d, "job.log"))
        if "bound_s" in res:
            net = wall - (self.startup or 0)
            res["ratio_net"] = net / res["bound_s"]
            res["ratio_raw"] = wall / res["bound_s"]
        else:
            net = wall - (self.startup or 0)
            res["net_s"] = net
            res["targets_per_s_net"] = res["targets_done"] / net if net > 0 else None
            res["h2_bytes_per_10k"] = ((res["h2_bytes"] - self.empty_db_bytes) / (res["targets_done"] / 10_000)
                                       if res["targets_done"] else None)
        res["verdict"] = self.verdict(name, res)
        log(f"{name}: exit {rc}, wall {wall:.2f} s, job CPU {cpu:.1f} s, {res['verdict']}")
        return res

    def verdict(self, name, r):
        base = "d" if name.startswith("d") else name.split("-")[0]
        notes, ok = [], True
        if r["exit"] not in (0,) and not (base == "c" and r["exit"] == 2):
            notes.append(f"exit {r['exit']}")
            ok = False
        clean = "WOULD_DISASSOCIATE" if r["mode"] == "plan" else "DISASSOCIATED"
        if r["outcomes"].get(clean, 0) != r["targets"]:
            notes.append(f"only {r['outcomes'].get(clean, 0)}/{r['targets']} {clean}")
            ok = False
        limit = TARGET_RATIO.get(name)
        if limit:
            if r["ratio_net"] > limit:
                notes.append(f"ratio {r['ratio_net']:.2f} > {limit}")
                ok = False
            max_thr = MAX_THROTTLED.get(name)
            if max_thr is not None and r["throttled_share"] > max_thr:
                notes.append(f"throttled {100 * r['throttled_share']:.1f}% > {100 * max_thr:.0f}%")
                ok = False
        if name == "a" and (r["assume_role_calls"] != r["accounts_with_work"]):
            notes.append(f"AssumeRole {r['assume_role_calls']} != {r['accounts_with_work']} accounts")
            ok = False
        if r["max_changes_per_provider"] > 1:
            notes.append(f"a provider changed by {r['max_changes_per_provider']} requests")
            ok = False
        if name == "g":
            # A token bucket of rate R and burst B admits at most B + R requests in any one second.
            t = r["tool_rates"]
            eks_max, sts_max = t["eks_rate"] + t["eks_burst"], t["sts_rate"] + max(1, t["sts_rate"])
            if r.get("eks_peak_bucket_rate", 0) > eks_max:
                notes.append(f"EKS peak {r['eks_peak_bucket_rate']}/s in a bucket > {eks_max:g}")
                ok = False
            if r.get("sts_peak_rate", 0) > sts_max:
                notes.append(f"STS peak {r['sts_peak_rate']}/s > {sts_max:g}")
                ok = False
            limit = "ceiling"
        if base == "d":
            if name == "d100k" and (r.get("cpu_ms_per_target") or 99) > 0.5:
                notes.append(f"CPU {r.get('cpu_ms_per_target') or 0:.2f} ms/row > 0.5")
                ok = False
            if r["peak_rss_mib"] >= 384:
                notes.append(f"RSS {r['peak_rss_mib']:.0f} MiB >= 384")
                ok = False
            growth = r.get("h2_bytes_per_10k")
            if growth is None or growth > 2 * 1024 * 1024:
                notes.append(f"H2 {(growth or 0) / 1048576:.1f} MB per 10k > 2")
                ok = False
        if not limit and base not in ("d",):
            return ("no target; " if ok else "") + "; ".join(notes) if notes else "no target (informational)"
        return "MET" if ok else "MISSED: " + "; ".join(notes)

    # ------------------------------------------------------------ baseline (e)

    def baseline(self, name, desc, spec, big=20, small_accounts=20):
        """A plain sequential loop of aws CLI calls on a subset of fleet (a); extrapolated to the whole fleet."""
        d = self.workdir(name)
        fleet_path, _ = spec.write(d)
        aws = shutil.which("aws")
        res = {"scenario": name, "description": desc, "mode": "baseline", "targets": len(spec.targets),
               "accounts": len(spec.accounts)}
        if not aws:
            res["verdict"] = "skipped: no aws CLI on PATH"
            return res
        by_acc = {}
        for t in spec.targets:
            by_acc.setdefault(t[0], []).append(t)
        subset = [(acct(0), by_acc[acct(0)][:big])] + [(a, by_acc[a]) for a in list(by_acc)[1:1 + small_accounts]]
        sim = Simulator(self.java, self.jar, fleet_path, d)
        assume_t, dis_t, failures = [], [], 0
        t0 = time.monotonic()
        try:
            env = job_env(sim.url)
            for account, targets in subset:
                t = time.monotonic()
                r = subprocess.run([aws, "sts", "assume-role", "--role-arn", f"arn:aws:iam::{account}:role/{ROLE}",
                                    "--role-session-name", "bench-baseline", "--output", "json"],
                                   env=env, capture_output=True, text=True, timeout=120)
                assume_t.append(time.monotonic() - t)
                if r.returncode != 0:
                    failures += 1
                    continue
                c = json.loads(r.stdout)["Credentials"]
                aenv = dict(env, AWS_ACCESS_KEY_ID=c["AccessKeyId"], AWS_SECRET_ACCESS_KEY=c["SecretAccessKey"],
                            AWS_SESSION_TOKEN=c["SessionToken"])
                for _, region, cluster, _ in targets:
                    t = time.monotonic()
                    r = subprocess.run([aws, "eks", "disassociate-identity-provider-config", "--region", region,
                                        "--cluster-name", cluster, "--identity-provider-config",
                                        f"type=oidc,name={PROVIDER}", "--output", "json"],
                                       env=aenv, capture_output=True, text=True, timeout=120)
                    dis_t.append(time.monotonic() - t)
                    if r.returncode != 0:
                        failures += 1
            stats = sim.stats()
        finally:
            sim.stop()
        subset_wall = time.monotonic() - t0
        ma, md = sum(assume_t) / len(assume_t), sum(dis_t) / len(dis_t)
        est = ma * len(spec.accounts) + md * len(spec.targets)
        res.update({"subset_accounts": len(subset), "subset_targets": len(dis_t), "subset_wall_s": subset_wall,
                    "mean_assume_role_s": ma, "mean_disassociate_s": md, "failures": failures,
                    "wall_s": est, "extrapolated": True, "eks_calls": stats.get("eksCalls", 0),
                    "eks_throttles": stats.get("eksThrottles", 0)})
        res["verdict"] = (f"extrapolated from {len(dis_t)} targets / {len(subset)} accounts"
                          + (f"; {failures} CLI failures" if failures else ""))
        log(f"{name}: subset {subset_wall:.1f} s -> estimated {est:.0f} s for the whole fleet")
        return res


# ---------------------------------------------------------------- output

def fmt(v, spec="{:.2f}"):
    if v is None:
        return "-"
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return spec.format(v)
    return str(v)


COLUMNS = [
    ("scenario", "scenario", lambda r: r["scenario"]),
    ("mode", "mode", lambda r: r.get("mode")),
    ("targets", "targets", lambda r: fmt(r.get("targets"), "{:d}")),
    ("accts", "accounts", lambda r: fmt(r.get("accounts"), "{:d}")),
    ("conc", "max-concurrency", lambda r: fmt(r.get("concurrency"), "{:d}")),
    ("EKS bnd s", "EKS bound (s)", lambda r: fmt(r.get("eks_bound_s"), "{:.1f}")),
    ("STS bnd s", "STS bound (s)", lambda r: fmt(r.get("sts_bound_s"), "{:.1f}")),
    ("bound s", "lower bound = max + latency (s)", lambda r: fmt(r.get("bound_s"), "{:.1f}")),
    ("startup s", "JVM start-up (s)", lambda r: fmt(r.get("startup_s"), "{:.1f}")),
    ("wall s", "wall (s)", lambda r: fmt(r.get("wall_s"), "{:.1f}") + ("*" if r.get("extrapolated") else "")),
    ("(wall-su)/bnd", "(wall - start-up) / bound", lambda r: fmt(r.get("ratio_net"))),
    ("wall/bnd", "wall / bound", lambda r: fmt(r.get("ratio_raw"))),
    ("tgt/s net", "targets/s net of start-up", lambda r: fmt(r.get("targets_per_s_net"), "{:.0f}")),
    ("AR calls/accts", "AssumeRole calls / accounts with work (max per account)",
     lambda r: (f"{r['assume_role_calls']}/{r['accounts_with_work']} (max {r['max_assume_role_per_account']})"
                if "assume_role_calls" in r else "-")),
    ("EKS thr %", "EKS calls throttled (%)", lambda r: fmt(100 * r["throttled_share"], "{:.1f}") if "throttled_share" in r else "-"),
    ("EKS/tgt", "EKS calls per target", lambda r: fmt(r.get("eks_calls_per_target"))),
    ("EKS pk/s", "most EKS requests one bucket got in one second (simulator)", lambda r: fmt(r.get("eks_peak_bucket_rate"), "{:d}")),
    ("STS pk/s", "most STS requests in one second (simulator)", lambda r: fmt(r.get("sts_peak_rate"), "{:d}")),
    ("reached E/S", "rates the job reports reaching: EKS busiest bucket / STS (summary.json)",
     lambda r: (f"{fmt(r['rates_reached'].get('eksReachedPerSecond'), '{:d}')}/{fmt(r['rates_reached'].get('stsReachedPerSecond'), '{:d}')}"
                if r.get("rates_reached") else "-")),
    ("CPU s", "job CPU time (s)", lambda r: fmt(r.get("job_cpu_s"), "{:.1f}")),
    ("CPU ms/tgt", "job CPU per target, start-up included (ms)", lambda r: fmt(r.get("cpu_ms_per_target"), "{:.2f}")),
    ("thr", "peak platform threads of the job (sampled)", lambda r: fmt(r.get("peak_threads"), "{:d}")),
    ("RSS MiB", "peak RSS of the job JVM (MiB)", lambda r: fmt(r.get("peak_rss_mib"), "{:.0f}")),
    ("H2 KiB/10k", "H2 growth per 10k targets (KiB)", lambda r: fmt(r["h2_bytes_per_10k"] / 1024, "{:.0f}") if r.get("h2_bytes_per_10k") is not None else "-"),
    ("verdict", "verdict", lambda r: r.get("verdict", "")),
]


def table(results, md=False):
    rows = [[f(r) for _, _, f in COLUMNS] for r in results]
    if md:
        head = [h for _, h, _ in COLUMNS]
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        lines += ["| " + " | ".join(x.replace("|", "/") for x in row) + " |" for row in rows]
        return "\n".join(lines)
    head = [h for h, _, _ in COLUMNS]
    widths = [max(len(head[i]), *(len(row[i]) for row in rows)) for i in range(len(head) - 1)]
    out = ["  ".join(h.rjust(w) for h, w in zip(head[:-1], widths)) + "  " + head[-1]]
    for row in rows:
        out.append("  ".join(c.rjust(w) for c, w in zip(row[:-1], widths)) + "  " + row[-1])
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--root", required=True)
    ap.add_argument("--java", required=True)
    ap.add_argument("scenarios", nargs="*", help=f"any of {', '.join(ALL)}, or 'all' (default: {' '.join(DEFAULT)})")
    ap.add_argument("--render", metavar="RESULTS_JSON", help="re-print the table of an earlier run (verdicts recomputed)")
    a = ap.parse_args()
    if a.render:
        return render(a.render, Bench(a.root, a.java))
    names = a.scenarios or DEFAULT
    if names == ["all"]:
        names = ALL
    unknown = [n for n in names if n not in SCENARIOS]
    if unknown:
        ap.error(f"unknown scenario(s) {unknown}; known: {', '.join(ALL)}")
    bench = Bench(a.root, a.java)
    os.makedirs(bench.out_dir, exist_ok=True)
    results = []
    log(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}; measuring JVM start-up")
    runs = int(os.environ.get("BENCH_STARTUP_RUNS", "3"))
    if runs > 0:
        results.append(bench.measure_startup(runs))
    for n in names:
        try:
            results.append(bench.run(n))
        except Exception as e:  # keep going: one broken scenario should not hide the others
            log(f"{n}: error {e!r}")
            results.append({"scenario": n, "verdict": f"ERROR: {e}"})
    write_results(bench.out_dir, results)


def render(path, bench):
    with open(path) as fh:
        saved = json.load(fh)
    results = saved["results"]
    startup = next((r for r in results if r["scenario"] == "startup"), {})
    bench.empty_db_bytes = startup.get("h2_bytes", 0)
    for r in results:
        if r["scenario"] in ("startup", "e") or "exit" not in r:
            continue
        if r["scenario"].startswith("d"):
            d = os.path.join(os.path.dirname(os.path.abspath(path)), r["scenario"])
            r["targets_done"] = sum(r["outcomes"].values()) if r["outcomes"] else progress_done(os.path.join(d, "job.log"))
            net = r["wall_s"] - (r.get("startup_s") or 0)
            r["targets_per_s_net"] = r["targets_done"] / net if net > 0 else None
            r["h2_bytes_per_10k"] = ((r["h2_bytes"] - bench.empty_db_bytes) / (r["targets_done"] / 10_000)
                                     if r["targets_done"] else None)
        r["verdict"] = bench.verdict(r["scenario"], r)
    write_results(os.path.dirname(os.path.abspath(path)), results, saved.get("meta"))


def write_results(out_dir, results, meta=None):
    base = next((r for r in results if r["scenario"] == "e" and "wall_s" in r), None)
    ours = next((r for r in results if r["scenario"] == "a" and "wall_s" in r), None)
    if base and ours:
        base["baseline_over_ours"] = base["wall_s"] / ours["wall_s"]
        base["verdict"] = base["verdict"].split("; baseline /")[0] + f"; baseline / our run (a) = {base['baseline_over_ours']:.0f}x"
    meta = meta or {"cpus": os.cpu_count(), "load_avg_end": os.getloadavg(), "java_home": os.environ.get("JAVA_HOME"),
                    "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    with open(os.path.join(out_dir, "results.json"), "w") as fh:
        json.dump({"meta": meta, "results": results}, fh, indent=2)
    with open(os.path.join(out_dir, "results.md"), "w") as fh:
        fh.write(f"Machine: {meta['cpus']} CPUs, load average at end {meta['load_avg_end'][0]:.2f}; {meta['time']}\n\n")
        fh.write(table(results, md=True) + "\n")
    print(table(results))
    print(f"\n{meta['cpus']} CPUs, load average {meta['load_avg_end'][0]:.2f} at the end (shared machine: numbers are noisy). "
          f"Results: {out_dir}/results.{{json,md}}; per-scenario logs, fleets and simulator stats in {out_dir}/<scenario>/")


if __name__ == "__main__":
    main()
