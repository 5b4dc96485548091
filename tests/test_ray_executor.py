"""`narrator build --executor ray`: a real local Ray instance (2 CPUs), real espeak builds.

The instance is started once for the module (about 6 s) and shut down after it. Without the
ray extra these tests are skipped, except the one that checks what a user without it sees.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from audio_checks import ffmpeg
from conftest import ROOT
from narrator.config import load_show
from narrator.pipeline import BuildOptions, build
from narrator.voices import spec_for
from narrator.workspace import open_workspace

ARTICLES = {
    "summit.md": "# قمة بكين\n\nالتقى الرئيسان في بكين يوم الخميس. وتحدثا عن التجارة والطاقة.\n",
    "markets.md": "# الأسواق\n\nارتفعت الأسهم في الخليج. وقال المحللون إن النفط يدعمها.\n",
    "weather.md": "# الطقس\n\nيكون الجو حارا في الرياض. وتهب رياح على الساحل.\n",
}


@pytest.fixture(scope="module")
def ray_instance():
    ray = pytest.importorskip("ray", reason="ray extra not installed (pip install 'narrator[ray]')")
    import crash_voice

    path = os.pathsep.join([str(ROOT / "src"), str(ROOT / "tests")])
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False,
             runtime_env={"env_vars": {"PYTHONPATH": path}, "worker_process_setup_hook": crash_voice.register_backend})
    yield ray
    ray.shutdown()


def _workspace(root: Path, extra: dict[str, str] | None = None) -> tuple[object, list[str]]:
    root.mkdir(parents=True)
    sources = []
    for name, text in {**ARTICLES, **(extra or {})}.items():
        (root / name).write_text(text, encoding="utf-8")
        sources.append(str(root / name))
    return open_workspace(root), sources


def _build(ws, sources, executor: str, voice: str = "espeak:ar", **options):
    show = load_show(ws.config_path)
    spec = spec_for(voice, **options)
    return build(sources, ws, show, BuildOptions(spec, jobs=1, executor=executor))


def _pcm(mp3: Path) -> np.ndarray:
    raw = subprocess.run([ffmpeg(), "-v", "error", "-i", str(mp3), "-f", "s16le", "-ac", "1", "-"],
                         capture_output=True, check=True).stdout
    return np.frombuffer(raw, dtype=np.int16)


def test_ray_builds_the_same_episodes_as_the_local_path_and_reports_a_bad_article(ray_instance, tmp_path):
    bad = {"empty.md": "# \n\n"}
    ws_ray, ray_sources = _workspace(tmp_path / "ray", bad)
    ws_local, local_sources = _workspace(tmp_path / "local")

    results = _build(ws_ray, ray_sources, "ray")
    by_name = {Path(r.source).name: r for r in results}
    assert by_name["empty.md"].error and "\n" not in by_name["empty.md"].error
    good = [by_name[name] for name in ARTICLES]
    assert all(r.error is None and r.synthesised > 0 for r in good), good  # the workers spoke them
    assert len(list(ws_ray.cache_dir.rglob("*.flac"))) >= sum(r.synthesised for r in good)

    local = {Path(r.source).name: r for r in _build(ws_local, local_sources, "local")}
    for name in ARTICLES:
        ours, theirs = by_name[name], local[name]
        assert ours.mp3.name == theirs.mp3.name
        a, b = _pcm(ours.mp3), _pcm(theirs.mp3)
        assert len(a) > 16000 and np.array_equal(a, b), name  # same decoded audio, sample for sample
    assert (ws_ray.feed_dir / "feed.xml").read_text().count("<item>") == len(ARTICLES)

    again = _build(ws_ray, ray_sources, "ray")  # a re-run resumes: nothing is spoken twice
    assert [r.up_to_date for r in again if r.error is None] == [True] * len(ARTICLES)


def test_a_worker_killed_mid_task_is_retried_and_the_build_succeeds(ray_instance, tmp_path):
    import crash_voice

    crash_voice.register_backend()  # the driver needs the voice too (keys, assembly)
    marker = tmp_path / "crashed"
    ws, sources = _workspace(tmp_path / "ws")
    results = _build(ws, sources, "ray", voice="crashonce:ar", marker=str(marker))
    assert marker.exists(), "a worker died on its first chunk"
    killed = int(marker.read_text())
    assert all(r.error is None and r.mp3.exists() for r in results), results
    spoken_by = {int(line) for line in marker.with_suffix(".spoken").read_text().split()}
    assert killed not in spoken_by  # the retry ran in another process
    assert os.getpid() not in spoken_by and all(r.synthesised > 0 for r in results)  # ... a Ray worker, not the driver


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
