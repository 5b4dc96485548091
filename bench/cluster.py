"""An archive on a local Ray instance (2 CPUs) versus the local executor (--jobs 2), with the
folder cache and with the S3 cache on moto's server (127.0.0.1, in its own process).

    .venv/bin/python bench/cluster.py [--articles 40] [--json bench/CLUSTER.json]

For each of the four set-ups, in a fresh workspace holding the same archive:
  cold      the whole archive built: wall s, articles/hour, CPU s of the driver (this
            process: planning, landing files, catalog, feed; for the local executor also
            the assembly it does itself) per article, chunks synthesised
  re-run    the same command again: every episode up to date (wall s)
  forced    --force: every episode rebuilt, every chunk looked up (chunk hit rate)
  machine 2 (S3 only) a new, empty workspace on the same bucket: chunk hit rate
Then the driver's landing cost (one episode's catalog record, feed and page) against the
size of the catalog, and the projection for 10 and 100 nodes from the measured costs.

The Ray instance is started once, before the runs (its start-up is reported apart), so
the driver cost is the steady-state cost per article. Everything shares this machine's
cores with Ray's own daemons and moto: a noisy, small stand-in for a cluster.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import re
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

VOICE = "espeak:ar"
BUCKET = "narrator-bench"
SIZES = (300, 700, 1500, 3000, 6000)
"""Target characters of the generated articles, cycled: short news items to long features."""
CORES_PER_NODE = 16


# ---- the archive -----------------------------------------------------------------------------

def sentences() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "bench" / "articles").glob("*.txt"))]
    texts.append((ROOT / "examples" / "xi-putin-summit.txt").read_text(encoding="utf-8"))
    found = []
    for text in texts:
        for line in text.splitlines():
            found += [s.strip() + "." for s in re.split(r"[.؟!]\s+", line) if len(s.strip()) > 20]
    return found


def make_archive(folder: Path, count: int) -> list[str]:
    """`count` Markdown articles: the three of bench/articles as they are, the rest put
    together from their sentences at lengths cycling through SIZES."""
    rng = random.Random(20)
    pool = sentences()
    folder.mkdir(parents=True)
    names = []
    for n, path in enumerate(sorted((ROOT / "bench" / "articles").glob("*.txt"))):
        (folder / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
        names.append(path.name)
    while len(names) < count:
        n = len(names)
        target = SIZES[n % len(SIZES)]
        paragraphs, size = [], 0
        while size < target:
            paragraph = " ".join(rng.sample(pool, k=min(3, len(pool))))
            paragraphs.append(paragraph)
            size += len(paragraph)
        name = f"article-{n:03d}.md"
        (folder / name).write_text(f"# مقال رقم {n}\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
        names.append(name)
    return names


# ---- moto in its own process ----------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_moto() -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return proc, f"http://127.0.0.1:{port}"
        time.sleep(0.1)
    proc.kill()
    raise SystemExit("moto server did not start")


def process_cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# ---- one build, measured --------------------------------------------------------------------

def run_build(ws_root: Path, names: list[str], executor: str, cache: str | None, moto_pid: int | None,
              force: bool = False) -> dict:
    from narrator.config import load_show
    from narrator.executors import ray as ray_executor
    from narrator.pipeline import STEPS, BuildOptions, build
    from narrator.voices import spec_for
    from narrator.workspace import open_workspace

    ws = open_workspace(ws_root)
    show = load_show(ws.config_path)
    options = BuildOptions(spec_for(VOICE), jobs=2, executor=executor, cache=cache, force=force)
    sources = [str(ws_root / n) for n in names]
    tasks = []
    moto0 = process_cpu(moto_pid) if moto_pid else 0.0
    children0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu0, wall0 = time.process_time(), time.perf_counter()
    if executor == "ray":
        results = ray_executor.build(sources, ws, show, options, STEPS, on_task=tasks.append)
    else:
        results = build(sources, ws, show, options)
    wall = time.perf_counter() - wall0
    cpu = time.process_time() - cpu0
    children1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    failed = [r.error for r in results if r.error]
    synthesised = sum(r.synthesised for r in results if not r.up_to_date)
    cached = sum(r.cached for r in results if not r.up_to_date)
    built = sum(1 for r in results if not r.error and not r.up_to_date)
    return {
        "wall_s": wall, "driver_cpu_s": cpu,
        "children_cpu_s": (children1.ru_utime + children1.ru_stime) - (children0.ru_utime + children0.ru_stime),
        "moto_cpu_s": (process_cpu(moto_pid) - moto0) if moto_pid else None,
        "articles": len(results), "built": built, "up_to_date": sum(r.up_to_date for r in results),
        "failed": failed, "synthesised": synthesised, "cached": cached,
        "chunk_hit_rate": cached / (cached + synthesised) if cached + synthesised else None,
        "audio_s": sum(r.duration for r in results if not r.error),
        "task_s": sum(t.seconds for t in tasks), "workers": len({t.node for t in tasks}),
    }


def setup(name: str, tmp: Path, archive: Path, names: list[str], executor: str, cache: str | None,
          moto_pid: int | None) -> dict:
    print(f"== {name}", flush=True)
    ws = tmp / name
    shutil.copytree(archive, ws)
    out = {"executor": executor, "cache": "s3 (moto)" if cache else "folder"}
    out["cold"] = run_build(ws, names, executor, cache, moto_pid)
    print(f"   cold {out['cold']['wall_s']:.1f} s, driver {out['cold']['driver_cpu_s']:.1f} CPU s", flush=True)
    out["rerun"] = run_build(ws, names, executor, cache, moto_pid)
    out["forced"] = run_build(ws, names, executor, cache, moto_pid, force=True)
    if cache:
        other = tmp / f"{name}-machine-2"
        shutil.copytree(archive, other)
        out["machine2"] = run_build(other, names, executor, cache, moto_pid)
    return out


# ---- the driver's landing cost against the catalog's size -----------------------------------

def landing_cost(tmp: Path, sizes: tuple[int, ...], runs: int = 3, batch: int = 64) -> list[dict]:
    """CPU seconds for the driver to commit one episode, and a batch of `batch` episodes
    (catalog upsert + feed + page: narrator.pipeline.commit_episodes), into a catalog of N
    synthetic episodes: the part of its per-article cost that grows with the catalog."""
    from narrator.catalog import Catalog, EpisodeRecord, episode_guid
    from narrator.config import load_show
    from narrator.episode.model import ChapterMark
    from narrator.pipeline import commit_episodes
    from narrator.workspace import open_workspace

    rows = []
    base = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)
    for size in sizes:
        ws = open_workspace(tmp / f"landing-{size}").ensure()
        show = load_show(ws.config_path)

        def record(n: int) -> EpisodeRecord:
            slug = f"episode-{n:06d}"
            duration = 300.0 + (n * 37) % 1500
            stamp = (base + datetime.timedelta(hours=n)).isoformat(timespec="seconds")
            return EpisodeRecord(
                guid=episode_guid(slug), slug=slug, title=f"حلقة رقم {n}", subtitle=None, description="وصف " * 40,
                author=None, article_date=None, pub_date=stamp, updated=stamp, source=f"/a/{slug}.md",
                source_hash=f"{n:064x}", voice=VOICE, mp3=f"{slug}.mp3", chapters_file=f"{slug}.chapters.json",
                transcript_file=f"{slug}.vtt", duration=duration, size=int(duration * 8000),
                chapters=tuple(ChapterMark(f"الفصل {k}", duration * k / 4, duration * (k + 1) / 4) for k in range(4)),
                content_hash=f"{n:08x}",
            )

        with Catalog(ws.catalog_path) as catalog:
            for n in range(size):
                rec = record(n)
                catalog.upsert(rec)
                with open(ws.audio_dir / rec.mp3, "wb") as fh:
                    fh.truncate(rec.size)
        times, batches, n = [], [], size
        for k in range(runs):
            for count, out in ((1, times), (batch, batches)):
                recs = [record(n + j) for j in range(count)]
                n += count
                for rec in recs:
                    with open(ws.audio_dir / rec.mp3, "wb") as fh:
                        fh.truncate(rec.size)
                start = time.process_time()
                commit_episodes(ws, show, recs)
                out.append(time.process_time() - start)
        rows.append({"catalog": size, "commit_cpu_s": sorted(times)[len(times) // 2], "batch": batch,
                     "batch_commit_cpu_s": sorted(batches)[len(batches) // 2]})
        print(f"   landing into a catalog of {size}: {rows[-1]['commit_cpu_s']:.3f} CPU s for one, "
              f"{rows[-1]['batch_commit_cpu_s']:.3f} for {batch}", flush=True)
        shutil.rmtree(ws.root)
    return rows


# ---- projection ---------------------------------------------------------------------------

def projection(result: dict, landing: list[dict]) -> list[dict]:
    """Articles/hour for N nodes of CORES_PER_NODE cores: min(workers' rate, one driver's).

    Workers: per article they spend `task_s / built` seconds on one core (measured here, on
    2 shared cores: pessimistic). Driver: its measured CPU per article, plus what landing
    costs more in a bigger catalog (linear in the catalog, from the landing rows), shared by
    the batch it lands in: at most LAND_BATCH and at most the window (2 per core)."""
    from narrator.executors.ray import LAND_BATCH, WINDOW_PER_SLOT

    rows = []
    for name, run in result["setups"].items():
        if run["executor"] != "ray":
            continue
        cold = run["cold"]
        per_task = cold["task_s"] / max(cold["built"], 1)
        driver = cold["driver_cpu_s"] / max(cold["built"], 1)
        small = landing[0]
        slope = (landing[-1]["commit_cpu_s"] - small["commit_cpu_s"]) / (landing[-1]["catalog"] - small["catalog"])
        for catalog in (0, 10_000, 100_000):
            growth = max(0.0, slope * (catalog - small["catalog"]))
            for nodes in (10, 100):
                batch = min(LAND_BATCH, WINDOW_PER_SLOT * nodes * CORES_PER_NODE)
                unbatched = driver + growth
                d = driver + growth / batch
                ceiling = 3600 / d
                workers = nodes * CORES_PER_NODE * 3600 / per_task
                rows.append({"setup": name, "catalog": catalog, "nodes": nodes, "task_s": per_task, "batch": batch,
                             "driver_s_unbatched": unbatched, "driver_s": d, "workers_per_h": workers,
                             "driver_ceiling_unbatched_per_h": 3600 / unbatched, "driver_ceiling_per_h": ceiling,
                             "articles_per_h": min(workers, ceiling),
                             "nodes_one_driver_feeds": ceiling * per_task / 3600 / CORES_PER_NODE})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=40)
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "CLUSTER.json")
    parser.add_argument("--landing", default="0,1000,10000", help="catalog sizes for the landing cost")
    args = parser.parse_args()

    import boto3
    import ray

    tmp = Path(tempfile.mkdtemp(prefix="narrator-cluster-"))
    moto, endpoint = start_moto()
    env = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1",
           "AWS_ENDPOINT_URL": endpoint}
    os.environ.update(env)
    try:
        boto3.client("s3").create_bucket(Bucket=BUCKET)
        archive = tmp / "archive"
        names = make_archive(archive, args.articles)
        chars = [len((archive / n).read_text(encoding="utf-8")) for n in names]
        result = {
            "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
            "machine": {"cpus": os.cpu_count(), "load_before": os.getloadavg()},
            "archive": {"articles": len(names), "chars_total": sum(chars), "chars_min": min(chars),
                        "chars_max": max(chars)},
            "setups": {},
        }
        result["setups"]["local --jobs 2, folder cache"] = setup("local-folder", tmp, archive, names, "local", None,
                                                                  moto.pid)
        result["setups"]["local --jobs 2, S3 cache"] = setup("local-s3", tmp, archive, names, "local",
                                                             f"s3://{BUCKET}/local", moto.pid)
        start = time.perf_counter()
        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False,
                 runtime_env={"env_vars": {**env, "PYTHONPATH": str(ROOT / "src")}})
        result["ray_start_s"] = time.perf_counter() - start
        result["setups"]["ray 2 CPUs, folder cache"] = setup("ray-folder", tmp, archive, names, "ray", None, moto.pid)
        result["setups"]["ray 2 CPUs, S3 cache"] = setup("ray-s3", tmp, archive, names, "ray",
                                                         f"s3://{BUCKET}/ray", moto.pid)
        ray.shutdown()
        result["machine"]["load_after"] = os.getloadavg()
        result["landing"] = landing_cost(tmp, tuple(int(s) for s in args.landing.split(",")))
        result["projection"] = projection(result, result["landing"])
    finally:
        moto.kill()
        moto.wait()
        shutil.rmtree(tmp, ignore_errors=True)
    args.json.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n")
    print(report(result))


def report(result: dict) -> str:
    lines = [f"archive: {result['archive']}", f"Ray start-up: {result.get('ray_start_s', 0):.1f} s", "",
             "| set-up | cold wall s | articles/h | driver CPU s/article | re-run wall s | forced: chunk hits | "
             "machine 2: chunk hits |", "|---|---:|---:|---:|---:|---:|---:|"]
    for name, run in result["setups"].items():
        cold = run["cold"]
        built = max(cold["built"], 1)
        m2 = run.get("machine2", {}).get("chunk_hit_rate")
        lines.append(
            f"| {name} | {cold['wall_s']:.1f} | {3600 * built / cold['wall_s']:,.0f} | "
            f"{cold['driver_cpu_s'] / built:.3f} | {run['rerun']['wall_s']:.2f} | "
            f"{run['forced']['chunk_hit_rate']:.0%} | {'' if m2 is None else f'{m2:.0%}'} |")
    lines += ["", "| landing into a catalog of | one episode, CPU s | a batch, CPU s |", "|---:|---:|---:|"]
    for row in result["landing"]:
        lines.append(f"| {row['catalog']:,} | {row['commit_cpu_s']:.3f} | {row['batch_commit_cpu_s']:.3f} "
                     f"({row['batch']}) |")
    lines += ["", "| set-up | catalog | nodes | worker s/article | driver s/article: 1 per commit / batched | "
              "workers' rate/h | driver ceiling/h: 1 per commit / batched | articles/h | nodes one driver feeds |",
              "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for row in result["projection"]:
        lines.append(f"| {row['setup']} | {row['catalog']:,} | {row['nodes']} | {row['task_s']:.2f} | "
                     f"{row['driver_s_unbatched']:.3f} / {row['driver_s']:.3f} ({row['batch']}) | "
                     f"{row['workers_per_h']:,.0f} | {row['driver_ceiling_unbatched_per_h']:,.0f} / "
                     f"{row['driver_ceiling_per_h']:,.0f} | {row['articles_per_h']:,.0f} | "
                     f"{row['nodes_one_driver_feeds']:.1f} |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
