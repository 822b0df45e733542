#!/usr/bin/env python3
"""`make fuzz`: runs each cargo-fuzz target of crates/fuzz for FUZZ_SECONDS (default 600)
from its committed seeds (crates/fuzz/seeds/TARGET) and its growing corpus
(crates/fuzz/corpus/TARGET, not committed). An input that takes more than 1 s is flagged
as a timeout (a quadratic blow-up, most likely), like a crash. When a target stops on a
finding before its time is up, it is started again for the rest, so one finding does not
hide the next. Findings land in crates/fuzz/artifacts/TARGET/.

  FUZZ_SECONDS=60 FUZZ_TARGETS="article counter_request" make fuzz

Prints per target: run time, executions, executions per second, corpus size, findings."""
import glob, os, re, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FUZZ = os.path.join(ROOT, "crates", "fuzz")
TARGETS = ["article", "import_page", "bundle_decode", "search_cache", "counter_request"]


def binary(target):
    found = glob.glob(os.path.join(FUZZ, "target", "*", "release", target))
    if not found:
        sys.exit(f"fuzz: {target} is not built (cargo +nightly fuzz build --fuzz-dir crates/fuzz -O)")
    return found[0]


def main():
    seconds = int(os.environ.get("FUZZ_SECONDS", "600"))
    targets = os.environ.get("FUZZ_TARGETS", " ".join(TARGETS)).split()
    for t in targets:
        if t not in TARGETS:
            sys.exit(f"fuzz: no target {t!r} (targets: {', '.join(TARGETS)})")
    env = dict(os.environ, PATH=os.path.join(ROOT, ".tools", "cargo-fuzz", "bin") + os.pathsep + os.environ["PATH"])
    cargo = ["cargo", "+nightly", "fuzz"]
    print(f"fuzz: building {len(targets)} targets (nightly, address sanitizer, optimised)", flush=True)
    subprocess.run(cargo + ["build", "--fuzz-dir", FUZZ, "-O"], cwd=ROOT, env=env, check=True)
    rows = []
    for t in targets:
        corpus = os.path.join(FUZZ, "corpus", t)
        artifacts = os.path.join(FUZZ, "artifacts", t)
        os.makedirs(corpus, exist_ok=True)
        os.makedirs(artifacts, exist_ok=True)
        before = set(os.listdir(artifacts))
        start = time.monotonic()
        execs = 0
        runs = 0
        while True:
            left = int(seconds - (time.monotonic() - start))
            if left < 5:
                break
            runs += 1
            print(f"fuzz: {t}: {left} s", flush=True)
            # The binary `cargo fuzz build` made, run directly: its clock is the fuzzing's.
            out = subprocess.run(
                [binary(t), corpus, os.path.join(FUZZ, "seeds", t),
                 f"-max_total_time={left}", "-timeout=1", "-rss_limit_mb=4096", "-print_final_stats=1",
                 f"-artifact_prefix={artifacts}/"],
                cwd=ROOT, env=dict(env, ASAN_OPTIONS="detect_odr_violation=0"),
                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace")
            log = out.stdout
            with open(os.path.join(artifacts, f"run-{runs}.log"), "w") as f:
                f.write(log)
            found = re.findall(r"stat::number_of_executed_units:\s*(\d+)", log)
            if found:
                execs += int(found[-1])
            else:
                # Stopped by a finding: the last progress line says how far it got.
                progress = re.findall(r"^#(\d+)\s", log, re.M)
                execs += int(progress[-1]) if progress else 0
            if out.returncode == 0:
                break
            if "Test unit written to" not in log:
                print(log[-3000:])
                sys.exit(f"fuzz: {t} failed without a finding (exit {out.returncode}); see {artifacts}/run-{runs}.log")
        elapsed = time.monotonic() - start
        new = sorted(a for a in set(os.listdir(artifacts)) - before if not a.startswith("run-"))
        rows.append((t, elapsed, execs, len(os.listdir(corpus)), new))
        for f in glob.glob(os.path.join(artifacts, "run-*.log")):
            if not new:
                os.remove(f)

    print(f"\n{'target':18}{'time (s)':>10}{'executions':>14}{'exec/s':>10}{'corpus':>9}  findings")
    for t, elapsed, execs, corpus, new in rows:
        print(f"{t:18}{elapsed:>10.0f}{execs:>14,}{execs / max(elapsed, 1):>10,.0f}{corpus:>9}  "
              + (", ".join(new) if new else "none"))
    if any(r[4] for r in rows):
        print("\nfuzz: findings in crates/fuzz/artifacts/; reproduce one with\n"
              "  cargo +nightly fuzz run --fuzz-dir crates/fuzz -O TARGET crates/fuzz/artifacts/TARGET/FILE")
        sys.exit(1)


if __name__ == "__main__":
    main()
