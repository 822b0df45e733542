#!/usr/bin/env python3
"""`make bench-stats`: a bounded load test of trangtin-stats over 127.0.0.1 with wrk
(Debian), against an optimised build and a fresh database. Two runs:

1. LOAD_SECONDS (default 20) of page views; then SIGTERM, and the hits stored in the
   database are compared with the hits the service accepted (2xx answers).
2. The same load, with SIGTERM sent halfway through it: the service stops taking
   requests, writes everything it accepted, and exits; stored must still equal accepted.

Prints requests/s held, p50 and p99 latency, errors, and stored versus accepted.
Goals on a 2-core machine: >= 10,000 hits/s, p99 < 20 ms, 0 errors, stored = accepted."""
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "native", "trangtin-stats")
LUA = os.path.join(ROOT, "tools", "bench-stats.lua")
SECONDS = int(os.environ.get("LOAD_SECONDS", "20"))
CONNECTIONS = int(os.environ.get("CONNECTIONS", "32"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(db):
    port = free_port()
    proc = subprocess.Popen([BIN, "--db", db, "--listen", f"127.0.0.1:{port}",
                             "--site-origin", "https://bench.example.org"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc, port
        except OSError:
            time.sleep(0.05)
    proc.kill()
    sys.exit("bench-stats: the service did not start:\n" + proc.stderr.read().decode())


def wrk(port, seconds):
    return subprocess.Popen(["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency",
                             "-s", LUA, f"http://127.0.0.1:{port}/api/hit"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def parse(out):
    vals = {}
    for line in out.splitlines():
        if line.startswith("BENCH "):
            _, key, value = line.split()
            vals[key] = int(value)
    if "requests" not in vals:
        sys.exit("bench-stats: wrk printed no summary:\n" + out)
    return vals


def stored(db):
    out = subprocess.run([BIN, "stored-hits", "--db", db], check=True, capture_output=True, text=True)
    return int(out.stdout.strip())


def stop(proc):
    """SIGTERM; returns the hits the service says it accepted."""
    proc.send_signal(signal.SIGTERM)
    try:
        _, err = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        sys.exit("bench-stats: the service did not stop within 30 s of SIGTERM")
    err = err.decode()
    if proc.returncode != 0:
        sys.exit("bench-stats: the service failed on SIGTERM:\n" + err)
    m = re.search(r"(\d+) hits accepted", err)
    if not m:
        sys.exit("bench-stats: the service did not say what it accepted:\n" + err)
    return int(m.group(1))


def report(name, v, accepted, kept):
    """`accepted`: hits the service counted (it says so on exit); wrk's own 2xx count can
    be a few lower, by the requests in flight when its clock ran out."""
    answered = v["requests"] - v["non2xx"]
    rps = v["requests"] / (v["duration_us"] / 1e6)
    ok = "yes" if kept == accepted else "NO"
    print(f"{name}: {rps:,.0f} hits/s over {v['duration_us'] / 1e6:.1f} s, "
          f"p50 {v['p50_us'] / 1000:.2f} ms, p99 {v['p99_us'] / 1000:.2f} ms, "
          f"non-2xx {v['non2xx']}, socket errors {v['socket_errors']}; "
          f"accepted {accepted:,} (wrk saw {answered:,} answered), stored {kept:,} "
          f"(stored = accepted: {ok})", flush=True)
    return rps, v, accepted == kept and answered <= kept


def main():
    work = tempfile.mkdtemp(prefix="trangtin-bench-stats-")
    # 1. Steady load, then SIGTERM.
    db = os.path.join(work, "steady.db")
    proc, port = start(db)
    load = wrk(port, SECONDS)
    out, _ = load.communicate()
    accepted = stop(proc)
    rps, v, equal = report(f"steady ({CONNECTIONS} connections, 2 wrk threads)", parse(out),
                           accepted, stored(db))

    # 2. SIGTERM while the load runs.
    db2 = os.path.join(work, "sigterm.db")
    proc, port = start(db2)
    load = wrk(port, max(4, SECONDS // 2))
    time.sleep(max(2, SECONDS // 4))
    accepted2 = stop(proc)
    out, _ = load.communicate()
    _, _, equal2 = report("SIGTERM under load", parse(out), accepted2, stored(db2))
    print(f"\ngoals: >= 10,000 hits/s: {'met' if rps >= 10000 else 'MISSED'}; "
          f"p99 < 20 ms: {'met' if v['p99_us'] < 20000 else 'MISSED'}; "
          f"0 errors: {'met' if v['non2xx'] == 0 and v['socket_errors'] == 0 else 'MISSED'}; "
          f"stored = accepted: {'met' if equal and equal2 else 'MISSED'} "
          "(socket errors after SIGTERM are the closed port, expected)")


if __name__ == "__main__":
    main()
