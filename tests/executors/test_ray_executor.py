"""`narrator build --executor ray`: a real local Ray instance (2 CPUs), real espeak builds,
moto's S3 server on 127.0.0.1 for the builds that share no folder.

The instance is started once for the module (about 6 s) and shut down after it. Its workers
run tests/support/ray_worker.py first: a guard that forbids them the folder holding the drivers'
workspaces (NARRATOR_TEST_FORBID), and TMPDIR set to a folder of their own, where each task
makes its scratch workspace. Without the ray extra these tests are skipped, except the ones
that check what a user without it sees and that an up-to-date archive never starts Ray.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from audio_checks import decode_pcm, ffmpeg
from conftest import ROOT
from narrator.catalog import open_catalog
from narrator.config import load_show
from narrator.executors import summary_line
from narrator.pipeline import STEPS, BuildOptions, build
from narrator.voices import spec_for
from narrator.workspace import open_workspace
from s3_fixtures import moto_s3, objects, s3_env

ARTICLES = {
    "summit.md": "# قمة بكين\n\nالتقى الرئيسان في بكين يوم الخميس. وتحدثا عن التجارة والطاقة.\n",
    "markets.md": "# الأسواق\n\nارتفعت الأسهم في الخليج. وقال المحللون إن النفط يدعمها.\n",
    "weather.md": "# الطقس\n\nيكون الجو حارا في الرياض. وتهب رياح على الساحل.\n",
    "more/summit.md": "# قمة ثانية\n\nاجتمع الوزراء في القاهرة. واتفقوا على خطة.\n",  # the same slug wanted twice
}
BUCKET_CACHE = "s3://narrator/archive"
EPISODE_FILES = ("audio/*.mp3", "feed/*.chapters.json", "feed/*.vtt")


@pytest.fixture(scope="module")
def s3():
    with moto_s3() as server:
        yield server


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory):
    """(drivers' folder, workers' TMPDIR): the workers may not touch the first."""
    return tmp_path_factory.mktemp("drivers"), tmp_path_factory.mktemp("workers")


@pytest.fixture(scope="module")
def ray_instance(s3, sandbox):
    ray = pytest.importorskip("ray", reason="ray extra not installed (pip install 'narrator[ray]')")
    import ray_worker

    drivers, workers = sandbox
    path = os.pathsep.join([str(ROOT / "src"), str(ROOT / "tests" / "support")])
    env = {"PYTHONPATH": path, "TMPDIR": str(workers), "NARRATOR_TEST_FORBID": str(drivers), **s3_env(s3[0])}
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False,
             runtime_env={"env_vars": env, "worker_process_setup_hook": ray_worker.setup})
    yield ray
    ray.shutdown()


@pytest.fixture()
def s3_client(s3, monkeypatch):
    for key, value in s3_env(s3[0]).items():
        monkeypatch.setenv(key, value)
    return s3[1]


@pytest.fixture(scope="module")
def local_reference(tmp_path_factory):
    """The articles built by the local executor: what every Ray build must equal."""
    ws, sources = _workspace(tmp_path_factory.mktemp("reference") / "ws")
    results = _build(ws, sources, "local")
    assert all(r.error is None for r in results)
    return ws, results


def _workspace(root: Path, extra: dict[str, str] | None = None) -> tuple[object, list[str]]:
    root.mkdir(parents=True)
    sources = []
    for name, text in {**ARTICLES, **(extra or {})}.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
        sources.append(str(root / name))
    return open_workspace(root), sources


def _build(ws, sources, executor: str, voice: str = "espeak:ar", cache: str | None = None, **ray_kw):
    show = load_show(ws.config_path)
    options = BuildOptions(spec_for(voice, **{k: v for k, v in ray_kw.items() if k == "marker"}), jobs=1,
                           executor=executor, cache=cache)
    if ray_kw.get("window") or ray_kw.get("on_task"):
        from narrator.executors import ray as ray_executor

        return ray_executor.build(sources, ws, show, options, STEPS, progress=ray_kw.get("progress"),
                                  window=ray_kw.get("window"), on_task=ray_kw.get("on_task"))
    return build(sources, ws, show, options)


def _files(ws) -> dict[str, bytes]:
    return {p.relative_to(ws.root).as_posix(): p.read_bytes() for pattern in EPISODE_FILES for p in ws.root.glob(pattern)}


def _records(ws) -> list[tuple]:
    with open_catalog(ws) as catalog:
        return sorted((r.slug, r.title, r.mp3, r.chapters_file, r.transcript_file, r.duration, r.size, r.content_hash,
                       r.chunks) for r in catalog.list())


def test_ray_builds_the_same_episodes_as_the_local_path_and_reports_a_bad_article(ray_instance, local_reference,
                                                                                     tmp_path):
    reference, _ = local_reference
    ws, sources = _workspace(tmp_path / "ray", {"empty.md": "# \n\n"})
    results = _build(ws, sources, "ray")  # the folder cache: the files come back in the task results
    by_name = {Path(r.source).relative_to(ws.root).as_posix(): r for r in results}
    assert by_name["empty.md"].error and "\n" not in by_name["empty.md"].error
    good = [by_name[name] for name in ARTICLES]
    assert all(r.error is None and r.synthesised > 0 for r in good), good  # the workers spoke them
    assert len(list(ws.cache_dir.rglob("*.flac"))) >= sum(r.synthesised for r in good)
    assert _files(ws) == _files(reference)  # MP3, chapters, transcript: byte for byte
    assert _records(ws) == _records(reference)
    assert by_name["more/summit.md"].slug == "summit-2" and by_name["more/summit.md"].note
    a = decode_pcm(by_name["summit.md"].mp3)
    assert len(a) > 16000 and np.array_equal(a, decode_pcm(reference.audio_dir / by_name["summit.md"].mp3.name))
    assert (ws.feed_dir / "feed.xml").read_text().count("<item>") == len(ARTICLES)
    assert summary_line(results) == f"{len(ARTICLES)} built, 0 up to date, 1 failed: {by_name['empty.md'].error}"


class _Bar:
    """A Progress that keeps what it is told."""

    def __init__(self, label: str) -> None:
        self.label, self.calls = label, []

    def __call__(self, done: int, total: int, cached: bool) -> None:
        self.calls.append((done, total, cached))

    def step(self, name: str) -> None:
        pass


def test_workers_with_no_shared_folder_build_the_same_episodes_through_the_bucket(
        ray_instance, local_reference, sandbox, s3_client, tmp_path):
    drivers, workers = sandbox
    reference, _ = local_reference
    # The guard is on: a worker cannot even open a file in the drivers' folder.
    probe = drivers / "probe.txt"
    probe.write_text("driver only")
    touch = ray_instance.remote(lambda p: open(p).read())
    with pytest.raises(ray_instance.exceptions.RayTaskError, match="may not touch"):
        ray_instance.get(touch.remote(str(probe)))

    ws, sources = _workspace(drivers / tmp_path.name)
    tasks, bars = [], []
    results = _build(ws, sources, "ray", cache=BUCKET_CACHE, window=1, on_task=tasks.append,
                     progress=lambda label: bars.append(_Bar(label)) or bars[-1])
    assert all(r.error is None and r.synthesised > 0 for r in results), results
    assert _files(ws) == _files(reference)  # byte for byte, made by workers that never saw this folder
    assert _records(ws) == _records(reference)
    assert not list(ws.cache_dir.rglob("*.flac"))  # the driver's cache folder: empty, nothing to read
    stored = objects(s3_client, prefix="archive/")
    chunks = [k for k in stored if k.endswith(".flac")]
    assert len(chunks) == sum(r.synthesised for r in results)  # every chunk went through the bucket
    staged = {k.rsplit("/", 1)[1]: v for k, v in stored.items() if k.startswith("archive/episodes/")}
    assert staged == {Path(k).name: v for k, v in _files(ws).items()}  # ... and every finished file
    refused = (workers / "forbidden.log").read_text().split("\n")
    assert [line.split(" ", 1)[1] for line in refused if line] == [f"open {probe}"]  # the probe alone was refused
    assert not list(workers.glob("narrator-task-*"))  # each task's scratch workspace is gone
    # Back-pressure: with a window of one, never two tasks at once, though the cluster has 2 CPUs.
    spans = sorted(t.span for t in tasks)
    assert len(spans) == len(ARTICLES) and all(a[1] <= b[0] for a, b in zip(spans, spans[1:])), spans
    # One bar for the archive, counting articles against the total as they finish.
    assert [b.label for b in bars] == [f"{len(ARTICLES)} articles"]
    assert bars[0].calls == [(n, len(ARTICLES), False) for n in range(1, len(ARTICLES) + 1)]

    again = _build(ws, sources, "ray", cache=BUCKET_CACHE)  # an unchanged archive: up to date, on the driver
    assert [r.up_to_date for r in again] == [True] * len(ARTICLES)


def test_produced_episodes_with_an_intro_and_a_picture_equal_the_local_ones(ray_instance, sandbox, s3_client,
                                                                             tmp_path):
    """The show's intro and outro and an article's own picture live in the driver's folder,
    which workers may not touch: they travel with the task, and the files come out as the
    local path makes them. So do the workspace's grammar/ and wordlists/ tables."""
    from PIL import Image

    drivers, _ = sandbox
    built = {}
    for executor in ("local", "ray"):
        root = (drivers if executor == "ray" else tmp_path) / f"{tmp_path.name}-{executor}"
        ws, _ = _workspace(root)
        subprocess.run([ffmpeg(), "-v", "error", "-f", "lavfi", "-i", "sine=frequency=440:duration=1",
                        "-ar", "22050", str(root / "intro.wav")], check=True)
        (root / "podcast.toml").write_text('intro = "intro.wav"\noutro = "intro.wav"\n', encoding="utf-8")
        Image.new("RGB", (1600, 900), (200, 40, 40)).save(root / "pic.png")
        (root / "grammar").mkdir()  # a workspace word table: إزاء governs the genitive
        (root / "grammar" / "particles.tsv").write_text("إزاء\tpreposition\n", encoding="utf-8")
        (root / "wordlists" / "calendars").mkdir(parents=True)  # and a word list: January said another way
        (root / "wordlists" / "calendars" / "months.tsv").write_text(
            "gregorian\t1\tيناير\tكَانُونَ الثَّانِي\n", encoding="utf-8")
        article = root / "picture.md"
        article.write_text("---\ntitle: صورة\nimage: pic.png\n---\n\nوقف إزاء 20 مليون شخص في بكين."
                           " وافتتح المعرض في 5/1/2020.\n", encoding="utf-8")
        cache = BUCKET_CACHE + "-produced" if executor == "ray" else None
        results = _build(open_workspace(root), [str(article)], executor, cache=cache)
        assert all(r.error is None for r in results), results
        ws = open_workspace(root)
        built[executor] = (_files(ws), _records(ws), sorted(p.name for p in ws.feed_dir.glob("picture-*.jpg")))
        with open_catalog(ws) as catalog:
            (record,) = catalog.list()
        assert record.image_file and record.chapters[0].title == "مقدمة"
    assert built["ray"] == built["local"]


def test_a_worker_killed_mid_task_is_retried_without_duplicate_or_lost_episodes(ray_instance, sandbox, s3_client,
                                                                               tmp_path):
    import crash_voice

    crash_voice.register_backend()  # the driver needs the voice too (keys, fingerprint)
    drivers, _ = sandbox
    marker = tmp_path / "crashed"
    ws, sources = _workspace(drivers / tmp_path.name)
    tasks = []
    results = _build(ws, sources, "ray", voice="crashonce:ar", cache="s3://narrator/crash", marker=str(marker),
                     on_task=tasks.append)
    assert marker.exists(), "a worker died on its first chunk"
    killed = int(marker.read_text())
    assert all(r.error is None and r.mp3.exists() for r in results), results
    spoken_by = {int(line) for line in marker.with_suffix(".spoken").read_text().split()}
    assert killed not in spoken_by  # the retry ran in another process
    assert os.getpid() not in spoken_by and all(r.synthesised > 0 for r in results)  # ... a Ray worker, not the driver
    assert len(tasks) == len(ARTICLES)  # one finished task per article: none lost, none twice
    assert len(_records(ws)) == len(ARTICLES) == len({r.slug for r in results})
    assert (ws.feed_dir / "feed.xml").read_text().count("<item>") == len(ARTICLES)
    files = _files(ws)
    assert len(files) == 3 * len(ARTICLES)  # no stray episode files
    staged = [k for k in objects(s3_client, prefix="crash/episodes/")]
    assert sorted(k.rsplit("/", 1)[1] for k in staged) == sorted(Path(k).name for k in files)


def test_the_driver_lands_finished_episodes_together_all_or_none(local_reference, tmp_path):
    import shutil
    from dataclasses import replace

    from narrator.catalog import episode_guid
    from narrator.errors import CatalogError
    from narrator.pipeline import commit_episodes

    reference, _ = local_reference
    ws = open_workspace(shutil.copytree(reference.root, tmp_path / "ws"))
    show = load_show(ws.config_path)
    with open_catalog(ws) as catalog:
        mine, theirs = catalog.list()[:2]
    # A new episode (using existing files), and one whose slug is another source's.
    new = replace(mine, slug="a-new-one", guid=episode_guid("a-new-one"), source="elsewhere/new.md")
    clash = replace(theirs, slug=mine.slug, guid=mine.guid, source="elsewhere/clash.md")
    with pytest.raises(CatalogError, match="belongs to"):
        commit_episodes(ws, show, [new, clash], discard=False)
    assert _records(ws) == _records(reference)  # neither was stored
    assert _files(ws) == _files(reference)  # and, discard=False, no file went
    feed = (ws.feed_dir / "feed.xml").read_text()
    commit_episodes(ws, show, [new])
    assert (ws.feed_dir / "feed.xml").read_text().count("<item>") == feed.count("<item>") + 1
    assert [r[0] for r in _records(ws)].count("a-new-one") == 1


_NEVER_STARTS_RAY = """
import json, runpy, sys, time
sys.argv = ["narrator", *sys.argv[1:]]
started = time.perf_counter()
try:
    runpy.run_module("narrator", run_name="__main__")
except SystemExit as exc:
    code = exc.code
print(json.dumps({"code": code, "ray_imported": "ray" in sys.modules, "seconds": time.perf_counter() - started}))
"""


def test_an_up_to_date_archive_never_starts_ray(tmp_path):
    ws, sources = _workspace(tmp_path / "ws")
    names = [str(Path(s).relative_to(ws.root)) for s in sources]
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    subprocess.run([sys.executable, "-m", "narrator", "build", *names, "-q", "-j", "1"], cwd=ws.root, env=env,
                   check=True, capture_output=True, timeout=300)
    proc = subprocess.run([sys.executable, "-c", _NEVER_STARTS_RAY, "build", *names, "--executor", "ray"],
                          cwd=ws.root, env=env, capture_output=True, timeout=120)
    report = json.loads(proc.stdout.decode().strip().splitlines()[-1])
    assert report["code"] in (0, None), proc.stderr.decode()
    assert report["ray_imported"] is False  # not started, not joined, not even imported
    assert proc.stdout.decode().count("(up to date)") == len(ARTICLES)
    assert proc.stderr.decode().strip().splitlines()[-1] == f"0 built, {len(ARTICLES)} up to date, 0 failed"


def test_without_ray_the_executor_is_refused_in_one_line(tmp_path):
    # A user without the extra: ray cannot be imported at all in that process.
    hide = tmp_path / "hide"
    hide.mkdir()
    (hide / "sitecustomize.py").write_text(textwrap.dedent("""
        import sys
        class _NoRay:
            def find_spec(self, name, path=None, target=None):
                if name == "ray" or name.startswith("ray."):
                    raise ImportError("No module named 'ray'")
        sys.meta_path.insert(0, _NoRay())
    """))
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "summit.md").write_text(ARTICLES["summit.md"], encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(hide), str(ROOT / "src")]))
    proc = subprocess.run([sys.executable, "-m", "narrator", "build", "summit.md", "--executor", "ray"],
                          cwd=ws, capture_output=True, env=env, timeout=120)
    err = proc.stderr.decode()
    assert proc.returncode != 0
    assert err.strip().splitlines() == ["Error: --executor ray needs the ray extra: pip install 'narrator[ray]'"]
    assert not (ws / "audio").exists() or not any((ws / "audio").iterdir())  # nothing was built
    ok = subprocess.run([sys.executable, "-m", "narrator", "build", "summit.md", "-q"],
                        cwd=ws, capture_output=True, env=env, timeout=120)
    assert ok.returncode == 0 and len(list((ws / "audio").glob("*.mp3"))) == 1  # the local path is untouched


def test_the_tasks_inputs_find_a_cover_under_the_home_folder(tmp_path, monkeypatch):
    """artwork = "~/cover.jpg" is read from the home folder for the workers, as the local path
    reads it (it was looked for under the workspace: <ws>/~/cover.jpg)."""
    from dataclasses import replace

    from narrator.config import Show
    from narrator.executors.remote import Inputs

    home = tmp_path / "home"
    home.mkdir()
    (home / "cover.jpg").write_bytes(b"\xff\xd8 cover")
    monkeypatch.setenv("HOME", str(home))
    ws = open_workspace(tmp_path / "ws")
    inputs = Inputs.of(ws, replace(Show(), artwork="~/cover.jpg"))
    assert inputs.error is None and inputs.cover == b"\xff\xd8 cover"
