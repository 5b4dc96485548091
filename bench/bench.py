"""narrator's benchmark (issue 7): stage costs, real-time factor, memory, jobs, feed size, Coqui.

    PYTHONPATH=src .venv/bin/python bench/bench.py [--runs 3] [--out bench/RESULTS.md]
                                                   [--quick] [--skip-long] [--skip-coqui]

Every figure is measured on this machine with the default offline voice (espeak:ar) and
written to --out as Markdown: medians next to their targets, then the raw runs. See
bench/README.md for what each figure means.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import importlib.util
import json
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

# Only the standard library at the top: the --_build-child helper is timed from its start.
ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
SAMPLE = ROOT / "examples" / "xi-putin-summit.txt"
VOICE = "espeak:ar"

TARGETS = {
    "cold_rtf": 0.02,          # sample article, cold build, build s / audio s
    "warm_share": 0.05,        # unchanged rebuild / cold build
    "peak_mb": 400.0,          # largest process of a long-article build
    "growth": 1.2,             # long-article peak / ~25k-article peak ("does not grow")
    "feed_s": 1.0,             # write_feed with 1,000 episodes
    "frontend_cps": 2000.0,    # front end with diacritisation, characters per second
}


# ---- small helpers ------------------------------------------------------------------------

def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def child_env() -> dict[str, str]:
    paths = [str(SRC), str(ROOT / "tests" / "support")] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    return dict(os.environ, PYTHONPATH=os.pathsep.join(paths), PYTHONUNBUFFERED="1")


def children_cpu() -> float:
    """CPU seconds (user + system) of every finished, waited-for child so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def load_average() -> str:
    with contextlib.suppress(OSError):
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    return "unknown"


def run_checked(argv: list[str], timeout: float = 3600, **kw) -> subprocess.CompletedProcess:
    proc = subprocess.run(argv, capture_output=True, text=True, env=child_env(), timeout=timeout, **kw)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, argv[:6]))} ... failed ({proc.returncode}): {proc.stderr[-1500:]}")
    return proc


def audio_seconds(workspace: Path) -> float:
    """Duration of the (only) episode, as the catalog records it after the build."""
    from narrator.catalog import Catalog

    with Catalog(workspace / ".narrator" / "catalog.sqlite") as catalog:
        return sum(r.duration for r in catalog.list())


def article_chars(path: Path) -> int:
    """Characters the front end reads: title, subtitle, headings and paragraphs."""
    from narrator.article import read_article

    a = read_article(str(path))
    return len(a.title) + len(a.subtitle or "") + sum(len(c.title) + sum(map(len, c.paragraphs)) for c in a.chapters)


def machine_info() -> dict[str, str]:
    from narrator import __version__

    model = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    mem = "unknown"
    with contextlib.suppress(OSError, ValueError, IndexError):
        kb = int(Path("/proc/meminfo").read_text().split("\n")[0].split()[1])
        mem = f"{kb / 1024 / 1024:.1f} GiB"
    return {
        "cores": str(os.cpu_count()),
        "cpu": model,
        "memory": mem,
        "os": platform.platform(),
        "python": platform.python_version(),
        "narrator": __version__,
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    }


# ---- 1. per-stage costs (in a fresh process per run, so model loads count) ---------------

def stages_child(article_path: str, root: str, out: str) -> None:
    """One in-process run of every stage, each called directly; timings as JSON into `out`."""
    from narrator.article import read_article
    from narrator.cache import SynthesisCache
    from narrator.catalog import Catalog, record_from_episode
    from narrator.config import load_show
    from narrator.episode.assemble import make_episode
    from narrator.feed import write_feed
    from narrator.feed.page import write_page
    from narrator.pipeline import make_frontend_for, slug_for
    from narrator.script import make_script
    from narrator.speech import synthesise
    from narrator.voices import voice_from_spec
    from narrator.voices.base import VoiceSpec
    from narrator.workspace import open_workspace

    ws = open_workspace(root).ensure()
    show = load_show(ws.config_path)
    spec = VoiceSpec(VOICE)
    t: dict[str, float] = {}

    def timed(name, fn):
        start = time.perf_counter()
        value = fn()
        t[name] = time.perf_counter() - start
        return value

    article = timed("parse", lambda: read_article(article_path))
    voice = voice_from_spec(spec)
    timed("frontend_plain", lambda: make_script(article, make_frontend_for(voice.profile, ws, diacritise=False)))
    # First diacritised pass loads the ONNX model, as every build does once; the second is steady state.
    script = timed("frontend_diacritised", lambda: make_script(article, make_frontend_for(voice.profile, ws, diacritise=True)))
    timed("frontend_diacritised_warm", lambda: make_script(article, make_frontend_for(voice.profile, ws, diacritise=True)))
    speech = timed("synthesis", lambda: synthesise(script, spec, SynthesisCache(ws.cache_dir), jobs=1))

    marks: list[tuple[str, float]] = []
    start = time.perf_counter()
    episode = make_episode(speech, article, show, ws, slug_for(article, article_path),
                           progress=lambda step: marks.append((step, time.perf_counter())))
    end = time.perf_counter()
    encode_at = next((at for step, at in marks if step == "encode"), end)
    t["stitch_loudness"] = encode_at - start
    t["encode_tags"] = end - encode_at
    t["steps"] = {step: round(at - start, 4) for step, at in marks}

    def upsert():
        with Catalog(ws.catalog_path) as catalog:
            catalog.upsert(record_from_episode(episode, article, spec.id, "bench"))
    timed("catalog", upsert)
    timed("feed", lambda: write_feed(ws, show))

    def page():
        with Catalog(ws.catalog_path) as catalog:
            write_page(ws, show, catalog.list())
    timed("page", page)
    t["audio_s"] = episode.duration
    Path(out).write_text(json.dumps(t))


STAGES = (
    ("parse", "parse (read_article)"),
    ("frontend_plain", "front end, no diacritisation"),
    ("frontend_diacritised", "front end with diacritisation (incl. model load)"),
    ("synthesis", "synthesis (cold cache, jobs=1)"),
    ("stitch_loudness", "stitch + loudness"),
    ("encode_tags", "MP3 encode + verify + tags + side files"),
    ("catalog", "catalog upsert"),
    ("feed", "feed write"),
    ("page", "page write"),
)
"""The build's own stages; frontend_plain is reported but not part of the build total."""


def bench_stages(article: Path, tmp: Path, runs: int) -> list[dict]:
    out = []
    for n in range(runs):
        root = tmp / f"stages-{n}"
        result = tmp / f"stages-{n}.json"
        run_checked([sys.executable, __file__, "--_stages", str(article), str(root), str(result)])
        out.append(json.loads(result.read_text()))
    return out


# ---- 2. end to end through the real CLI ---------------------------------------------------

def cli_build(article: Path, workspace: Path, jobs: int) -> tuple[float, float]:
    """(wall s, CPU s) of one `narrator build`; CPU counts the command and its ffmpeg runs."""
    argv = [sys.executable, "-m", "narrator", "build", str(article), "-w", str(workspace), "--quiet", "--jobs", str(jobs)]
    cpu, start = children_cpu(), time.perf_counter()
    run_checked(argv)
    return time.perf_counter() - start, children_cpu() - cpu


def bench_end_to_end(article: Path, tmp: Path, runs: int, jobs_list: list[int]) -> list[dict]:
    rows = []
    for jobs in jobs_list:
        for n in range(runs):
            ws = tmp / f"e2e-j{jobs}-{n}"
            cold, cold_cpu = cli_build(article, ws, jobs)
            warm, warm_cpu = cli_build(article, ws, jobs)
            rows.append({"jobs": jobs, "cold_s": cold, "warm_s": warm, "audio_s": audio_seconds(ws),
                         "cold_cpu_s": cold_cpu, "warm_cpu_s": warm_cpu})
    return rows


# ---- 3. long articles: time, RTF and peak memory -----------------------------------------

def build_child(out: str, argv: list[str]) -> None:
    """The real CLI, in this process, then this process's own and its children's peak RSS."""
    from narrator.cli import cli

    code = 0
    try:
        cli.main(args=argv, prog_name="narrator", standalone_mode=False)
    except SystemExit as exc:
        code = exc.code or 0
    # ru_maxrss is in KiB on Linux. RUSAGE_CHILDREN: the largest waited-for child (ffmpeg).
    Path(out).write_text(json.dumps({
        "code": code,
        "self_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "children_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    }))
    if code:
        sys.exit(code)


def _descendants(pid: int) -> list[int]:
    """All processes below `pid` (synthesis workers live under the forkserver, not the build)."""
    found, frontier = [], [pid]
    while frontier:
        parent = frontier.pop()
        with contextlib.suppress(OSError):
            for task in Path(f"/proc/{parent}/task").iterdir():
                with contextlib.suppress(OSError):
                    for child in (task / "children").read_text().split():
                        found.append(int(child))
                        frontier.append(int(child))
    return found


def _hwm_kb(pid: int) -> tuple[str, int]:
    name, hwm = "?", 0
    with contextlib.suppress(OSError, ValueError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("Name:"):
                name = line.split()[1]
            elif line.startswith("VmHWM:"):
                hwm = int(line.split()[1])
    return name, hwm


def measured_build(article: Path, workspace: Path, jobs: int, tmp: Path) -> dict:
    """Cold build in a helper process; peaks of the build process, ffmpeg and the workers."""
    out = tmp / f"rusage-{os.getpid()}-{time.monotonic_ns()}.json"
    argv = [sys.executable, __file__, "--_build-child", str(out), "--",
            "build", str(article), "-w", str(workspace), "--quiet", "--jobs", str(jobs)]
    peaks: dict[int, tuple[str, int]] = {}
    cpu, start = children_cpu(), time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=child_env())
    done = threading.Event()

    def poll():  # VmHWM is a high-water mark, so the last reading before a process exits is its peak so far
        while not done.wait(0.05):
            for pid in _descendants(proc.pid):
                name, hwm = _hwm_kb(pid)
                if hwm:
                    peaks[pid] = (name, max(hwm, peaks.get(pid, ("", 0))[1]))

    watcher = threading.Thread(target=poll, daemon=True)
    watcher.start()
    _, stderr = proc.communicate()
    seconds = time.perf_counter() - start
    done.set()
    watcher.join()
    if proc.returncode != 0:
        raise RuntimeError(f"build of {article.name} failed ({proc.returncode}): {stderr.decode()[-1500:]}")
    usage = json.loads(out.read_text())
    workers = [kb for name, kb in peaks.values() if name.startswith("python")]
    ffmpeg_polled = [kb for name, kb in peaks.values() if "ffmpeg" in name]
    return {
        "jobs": jobs,
        "seconds": seconds,
        "cpu_s": children_cpu() - cpu,
        "audio_s": audio_seconds(workspace),
        "build_mb": usage["self_kb"] / 1024,
        "ffmpeg_mb": max([usage["children_kb"]] + ffmpeg_polled) / 1024,
        "worker_mb": max(workers, default=0) / 1024,
    }


def bench_long(articles: dict[str, Path], tmp: Path, runs: int, jobs_list: list[int]) -> list[dict]:
    rows = []
    for label, article in articles.items():
        chars = article_chars(article)
        for jobs in jobs_list:
            for n in range(runs):
                row = measured_build(article, tmp / f"long-{label}-j{jobs}-{n}", jobs, tmp)
                rows.append({"article": label, "chars": chars, **row})
    return rows


# ---- 4. feed regeneration with many episodes ---------------------------------------------

def bench_feed(tmp: Path, episodes: int, runs: int) -> dict:
    from narrator.catalog import Catalog, EpisodeRecord, episode_guid
    from narrator.config import load_show
    from narrator.episode.model import ChapterMark
    from narrator.feed import write_feed
    from narrator.workspace import open_workspace

    ws = open_workspace(tmp / "feed-bench").ensure()
    show = load_show(ws.config_path)
    sample = SAMPLE.read_text(encoding="utf-8").split("\n")
    description = next(line for line in sample if len(line) > 150)
    base = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)
    start = time.perf_counter()
    with Catalog(ws.catalog_path) as catalog:
        for n in range(episodes):
            slug = f"episode-{n:05d}"
            duration = 300.0 + (n * 37) % 1500
            size = int(duration * 64_000 / 8) + 4096  # 64 kb/s mono plus tags
            chapters = tuple(ChapterMark(f"الفصل {k + 1}: {sample[0][:40]}", duration * k / 6, duration * (k + 1) / 6)
                             for k in range(6))
            stamp = (base + datetime.timedelta(hours=n)).isoformat(timespec="seconds")
            catalog.upsert(EpisodeRecord(
                guid=episode_guid(slug), slug=slug, title=f"{sample[0]} ({n})", subtitle=None,
                description=description, author=None, article_date=None, pub_date=stamp, updated=stamp,
                source=f"/articles/{slug}.txt", source_hash=f"{n:064x}", voice=VOICE,
                mp3=f"{slug}-{n:08x}.mp3", chapters_file=f"{slug}-{n:08x}.chapters.json",
                transcript_file=f"{slug}-{n:08x}.vtt", duration=duration, size=size,
                chapters=chapters, content_hash=f"{n:08x}",
            ))
            # write_feed stats each MP3 for the enclosure length: a sparse file of the right size.
            with open(ws.audio_dir / f"{slug}-{n:08x}.mp3", "wb") as fh:
                fh.truncate(size)
    insert_s = time.perf_counter() - start
    write_feed(ws, show)  # first write also draws the default cover, which a real workspace already has
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        path = write_feed(ws, show)
        times.append(time.perf_counter() - start)
    return {"episodes": episodes, "insert_s": insert_s, "runs": times, "bytes": path.stat().st_size}


# ---- 5. Coqui (another developer's bench/coqui_speed.py) ---------------------------------

def bench_coqui(runs: int, chars: str) -> dict:
    if not (importlib.util.find_spec("torch") and importlib.util.find_spec("TTS")):
        return {"skipped": "torch / coqui-tts not importable"}
    threads = os.cpu_count() or 1
    argv = [sys.executable, str(ROOT / "bench" / "coqui_speed.py"), "--device", "cpu",
            "--threads", str(threads), "--repeat", str(runs), "--chars", chars]
    try:
        proc = run_checked(argv, timeout=1800)
    except (RuntimeError, subprocess.TimeoutExpired) as exc:
        return {"skipped": f"coqui_speed.py failed: {' '.join(str(exc).split())[:300]}"}
    rows = [tuple(float(x) for x in m.groups())
            for m in re.finditer(r"^\s*(\d+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*$", proc.stdout, re.M)]
    return {"threads": threads, "repeat": runs, "rows": rows, "log": proc.stdout.strip()}


# ---- the report ---------------------------------------------------------------------------

def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("met" if ok else "**not met**")


def render(info: dict, results: dict, args) -> str:
    L: list[str] = []
    add = L.append
    add("# narrator benchmark results\n")
    add(f"Generated by `bench/bench.py` ({'quick' if args.quick else 'full'} run, {args.runs} run(s) per figure, "
        f"{args.long_runs or args.runs} per long-article build; medians, raw runs at the end). Voice `{VOICE}`.\n")
    add("| machine | |\n|---|---|")
    for key, value in info.items():
        add(f"| {key} | {value} |")
    add("")
    summary: list[tuple[str, str, str, str]] = []

    stages = results.get("stages")
    if stages:
        s = stages["runs"]
        med = {key: median([r[key] for r in s]) for key, _ in STAGES}
        med["frontend_diacritised_warm"] = median([r["frontend_diacritised_warm"] for r in s])
        build_keys = [k for k, _ in STAGES if k != "frontend_plain"]
        total = sum(med[k] for k in build_keys)
        audio = median([r["audio_s"] for r in s])
        add(f"## Stages of the sample article ({stages['article']}, {stages['chars']:,} characters, {audio:.0f} s of audio)\n")
        add("Each stage function called directly, in a fresh process per run. Share = of the build's stages "
            "(every row but 'no diacritisation', which a default build does not run).\n")
        add("| stage | median s | share |\n|---|---:|---:|")
        for key, label in STAGES:
            share = "—" if key == "frontend_plain" else f"{100 * med[key] / total:.1f} %"
            add(f"| {label} | {med[key]:.3f} | {share} |")
        add(f"| **sum of build stages** | **{total:.3f}** | 100 % |")
        cps = stages["chars"] / med["frontend_diacritised"]
        cps_warm = stages["chars"] / med["frontend_diacritised_warm"]
        add(f"\nFront end with diacritisation: {cps:,.0f} chars/s in a fresh process (model load included), "
            f"{cps_warm:,.0f} chars/s once loaded; without: {stages['chars'] / med['frontend_plain']:,.0f} chars/s.\n")
        summary.append(("front end with diacritisation (fresh process)", f"{cps:,.0f} chars/s",
                        f">= {TARGETS['frontend_cps']:,.0f} chars/s", verdict(cps >= TARGETS["frontend_cps"])))

    e2e = results.get("e2e")
    if e2e:
        add("## End to end: `python -m narrator build ... --quiet` (sample article)\n")
        add("Wall clock of the whole command, process start-up included. Cold: fresh workspace, empty cache. "
            "Warm: the same command again, nothing changed. CPU s = user + system time of the command and its "
            "ffmpeg runs (not the --jobs worker processes), which other load on the machine disturbs less than "
            "wall clock.\n")
        add("| --jobs | cold s | cold CPU s | warm s | warm CPU s | audio s | cold RTF | warm RTF | warm / cold |\n"
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        by_jobs = {}
        for jobs in sorted({r["jobs"] for r in e2e}):
            rows = [r for r in e2e if r["jobs"] == jobs]
            cold, warm, audio = (median([r[k] for r in rows]) for k in ("cold_s", "warm_s", "audio_s"))
            cold_cpu, warm_cpu = (median([r[k] for r in rows]) for k in ("cold_cpu_s", "warm_cpu_s"))
            by_jobs[jobs] = (cold, warm, audio)
            add(f"| {jobs} | {cold:.2f} | {cold_cpu:.2f} | {warm:.2f} | {warm_cpu:.2f} | {audio:.1f} | {cold / audio:.4f} | {warm / audio:.4f} | {100 * warm / cold:.1f} % |")
        default_jobs = max(j for j in by_jobs if j <= (os.cpu_count() or 1)) if by_jobs else 1
        cold, warm, audio = by_jobs[default_jobs]
        add(f"\nThe CLI's default is --jobs = cores ({os.cpu_count()}); targets are judged at --jobs {default_jobs}.\n")
        summary.append((f"sample cold RTF (--jobs {default_jobs})", f"{cold / audio:.4f}", f"<= {TARGETS['cold_rtf']}",
                        verdict(cold / audio <= TARGETS["cold_rtf"])))
        summary.append((f"warm rebuild / cold (--jobs {default_jobs})", f"{100 * warm / cold:.1f} %",
                        f"<= {100 * TARGETS['warm_share']:.0f} %", verdict(warm / cold <= TARGETS["warm_share"])))

    longs = results.get("long")
    if longs:
        add("## Long articles: cold build time, RTF and peak memory\n")
        add("Cold builds through the CLI run in a helper process (`bench.py --_build-child`). Peak resident memory "
            "(high-water mark): *build* = the build process itself (getrusage RUSAGE_SELF); *ffmpeg* = the largest "
            "ffmpeg child (RUSAGE_CHILDREN, cross-checked by polling /proc); *worker* = the largest synthesis worker "
            "process (VmHWM polled every 50 ms; none at --jobs 1).\n")
        add("| article | chars | --jobs | build s | CPU s | audio s | RTF | build MB | ffmpeg MB | worker MB |\n"
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        groups: dict[tuple[str, int], list[dict]] = {}
        for r in longs:
            groups.setdefault((r["article"], r["jobs"]), []).append(r)
        meds = {}
        for (label, jobs), rows in groups.items():
            m = {k: median([r[k] for r in rows]) for k in ("seconds", "cpu_s", "audio_s", "build_mb", "ffmpeg_mb", "worker_mb")}
            meds[(label, jobs)] = m
            add(f"| {label} | {rows[0]['chars']:,} | {jobs} | {m['seconds']:.1f} | {m['cpu_s']:.1f} | {m['audio_s']:.0f} | "
                f"{m['seconds'] / m['audio_s']:.4f} | {m['build_mb']:.0f} | {m['ffmpeg_mb']:.0f} | {m['worker_mb']:.0f} |")
        add("")
        big = [m for (label, _), m in meds.items() if label == "long"]
        mid = [m for (label, _), m in meds.items() if label == "medium"]
        if big:
            peak = max(max(m["build_mb"], m["ffmpeg_mb"], m["worker_mb"]) for m in big)
            summary.append(("long article, largest process peak", f"{peak:.0f} MB", f"<= {TARGETS['peak_mb']:.0f} MB",
                            verdict(peak <= TARGETS["peak_mb"])))
        if big and mid:
            growth = max(m["build_mb"] for m in big) / max(m["build_mb"] for m in mid)
            summary.append(("build-process peak, long / medium article", f"{growth:.2f} x",
                            f"<= {TARGETS['growth']} x (not growing)", verdict(growth <= TARGETS["growth"])))

    jobs_rows = []
    if e2e:
        for jobs in sorted({r["jobs"] for r in e2e}):
            jobs_rows.append(("sample", jobs, median([r["cold_s"] for r in e2e if r["jobs"] == jobs])))
    if longs:
        for (label, jobs), m in sorted(meds.items()):
            jobs_rows.append((label, jobs, m["seconds"]))
    if len({j for _, j, _ in jobs_rows}) > 1:
        add("## --jobs 1 versus --jobs 2 (cold builds)\n")
        add("| article | --jobs | cold build s | speed-up over --jobs 1 |\n|---|---:|---:|---:|")
        one = {label: s for label, j, s in jobs_rows if j == 1}
        for label, jobs, seconds in jobs_rows:
            add(f"| {label} | {jobs} | {seconds:.2f} | {one.get(label, seconds) / seconds:.2f} x |")
        add("")

    feed = results.get("feed")
    if feed:
        med = median(feed["runs"])
        add(f"## Feed regeneration with {feed['episodes']:,} episodes\n")
        add(f"`narrator.feed.write_feed` on a catalog of {feed['episodes']:,} synthetic episodes (6 chapters each; "
            f"sparse placeholder MP3s of the catalog's sizes, which write_feed stats). Inserting them: "
            f"{feed['insert_s']:.2f} s. Feed size {feed['bytes'] / 1e6:.2f} MB.\n")
        add(f"| episodes | median write_feed s |\n|---:|---:|\n| {feed['episodes']:,} | {med:.3f} |\n")
        label = f"feed write, {feed['episodes']:,} episodes"
        summary.append((label, f"{med:.3f} s", f"<= {TARGETS['feed_s']} s (1,000 episodes)",
                        verdict(med <= TARGETS["feed_s"]) if feed["episodes"] >= 1000 else "n/a (quick)"))

    coqui = results.get("coqui")
    if coqui:
        add("## Coqui VITS (MMS-sized, random weights) on CPU\n")
        if "skipped" in coqui:
            add(f"Skipped: {coqui['skipped']}.\n")
        else:
            add(f"From `bench/coqui_speed.py --device cpu --threads {coqui['threads']} --repeat {coqui['repeat']}`: "
                "its figure is the fastest of the repeats (it says the machine is noisy). RTF = synth s / audio s; "
                "above 1 is slower than real time.\n")
            add("| chunk chars | audio s | synth s | RTF |\n|---:|---:|---:|---:|")
            for chars, audio, synth, rtf in coqui["rows"]:
                add(f"| {chars:.0f} | {audio:.2f} | {synth:.2f} | {rtf:.3f} |")
            add("\n```\n" + coqui["log"] + "\n```\n")

    if summary:
        head = ["## Targets\n", "| figure | measured | target | |\n|---|---:|---|---|"]
        head += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in summary]
        L[L.index("") + 1:L.index("") + 1] = head + [""]

    add("## Raw runs\n")
    add("```json")
    raw = {k: v for k, v in results.items() if k != "coqui"}
    if coqui and "rows" in coqui:
        raw["coqui"] = {"rows": coqui["rows"]}
    add(json.dumps(raw, indent=1, ensure_ascii=False, default=lambda x: round(x, 4) if isinstance(x, float) else str(x)))
    add("```")
    return "\n".join(L) + "\n"


def tiny_article(target: Path) -> Path:
    """The sample's title and first two sections, one paragraph each (--quick)."""
    from narrator.article import read_article

    a = read_article(str(SAMPLE))
    parts = [f"# {a.title}", ""]
    for chapter in a.chapters[1:3]:
        parts += [f"## {chapter.title}", "", chapter.paragraphs[0], ""]
    target.write_text("\n".join(parts), encoding="utf-8")
    return target


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--_stages"]:
        return stages_child(*argv[1:4])
    if argv[:1] == ["--_build-child"]:
        return build_child(argv[1], argv[3:])

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (medians reported)")
    parser.add_argument("--quick", action="store_true", help="tiny articles, 1 run, 20-episode feed, no Coqui")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "RESULTS.md")
    parser.add_argument("--skip-long", action="store_true", help="no long / medium article builds")
    parser.add_argument("--long-runs", type=int, help="runs per long / medium article build (default: --runs); "
                        "a 100,000-character build takes minutes")
    parser.add_argument("--skip-coqui", action="store_true")
    args = parser.parse_args(argv)
    if args.quick:
        args.runs = args.long_runs = 1
        args.skip_coqui = True
    sys.path.insert(0, str(SRC))
    sys.path.insert(0, str(ROOT / "bench"))
    from long_article import make_long_article

    cores = os.cpu_count() or 1
    jobs_list = [1, 2] if cores >= 2 else [1]
    results: dict = {}
    load_before = load_average()
    started = time.perf_counter()

    def note(message: str) -> None:
        print(f"[{time.perf_counter() - started:6.0f}s] {message}", file=sys.stderr, flush=True)

    with tempfile.TemporaryDirectory(prefix="narrator-bench-") as name:
        tmp = Path(name)
        sample = tiny_article(tmp / "tiny.md") if args.quick else SAMPLE
        note(f"stages of {sample.name}")
        results["stages"] = {"article": sample.name, "chars": article_chars(sample),
                             "runs": bench_stages(sample, tmp, args.runs)}
        note("end to end through the CLI")
        results["e2e"] = bench_end_to_end(sample, tmp, args.runs, jobs_list)
        if not args.skip_long:
            sizes = {"medium": 300, "long": 600} if args.quick else {"medium": 25_000, "long": 100_000}
            articles = {}
            for label, chars in sizes.items():
                path = tmp / f"{label}.md"
                path.write_text(make_long_article(chars, source=sample), encoding="utf-8")
                articles[label] = path
            note("long articles")
            results["long"] = bench_long(articles, tmp, args.long_runs or args.runs, [1] if args.quick else jobs_list)
        note("feed")
        results["feed"] = bench_feed(tmp, 20 if args.quick else 1000, max(args.runs, 5))
        if not args.skip_coqui:
            note("coqui")
            results["coqui"] = bench_coqui(args.runs, "60,200")
    info = machine_info()
    info["load average (1/5/15 min) before / after"] = f"{load_before} / {load_average()}"
    info["bench wall time"] = f"{time.perf_counter() - started:.0f} s"
    text = render(info, results, args)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    note(f"wrote {args.out}")


if __name__ == "__main__":
    main()
