"""The `narrator` command: options -> one library call -> a short report.

Every NarratorError becomes one line on stderr and its exit code, in one place
(NarratorGroup.invoke); library code never prints or exits.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import sys
from pathlib import Path

import click

from narrator import __version__
from narrator.errors import NarratorError


class NarratorGroup(click.Group):
    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except NarratorError as exc:
            raise _fail(str(exc), exc.exit_code) from None
        except KeyboardInterrupt:
            raise _fail("interrupted", 130) from None
        except OSError as exc:  # disk full, permissions: the user's to fix, not a bug report
            where = f"{exc.filename}: " if exc.filename else ""
            raise _fail(f"{where}{exc.strerror or exc}", 1) from None
        except click.exceptions.Exit:
            raise
        except (click.ClickException, click.Abort):
            raise
        except Exception as exc:  # a bug: still one line, details on request
            if os.environ.get("NARRATOR_DEBUG"):
                raise
            raise _fail(f"internal error: {type(exc).__name__}: {exc} (NARRATOR_DEBUG=1 shows details)", 1) from None


class _LevelFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return f"{record.levelname.lower()}: {record.getMessage()}"


def _log_warnings() -> None:
    """narrator's warnings (an episode left out of the feed...) as one `warning: ...` line
    each. Only narrator's own loggers: third-party chatter (trafilatura's "discarding data"
    on a page it rejects) would repeat an error narrator already reports in its own words."""
    ours = logging.getLogger("narrator")
    if not ours.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(_LevelFormatter())
        ours.addHandler(handler)
        ours.setLevel(logging.WARNING)
        ours.propagate = False


def _fail(message: str, code: int) -> click.ClickException:
    from narrator.web import printable

    exc = click.ClickException(printable(message))
    exc.exit_code = code  # type: ignore[misc]  # click reads it from the instance
    return exc


# ---- shared options: one flag, one meaning -------------------------------------------------

def workspace_option(f):
    return click.option(
        "-w", "--workspace", "workspace_dir", type=click.Path(file_okay=False), default=".",
        show_default=True, help="Workspace folder (audio/, feed/, podcast.toml, .narrator/).",
    )(f)


def voice_options(f):
    f = click.option(
        "--dtype", type=click.Choice(["float32", "bfloat16", "float16"]), default=None,
        help="Precision of a neural voice; bfloat16/float16 need --device cuda [default: float32].",
    )(f)
    f = click.option("--threads", type=click.IntRange(1, 256), help="Threads per process of a neural voice.")(f)
    f = click.option(
        "--device", type=click.Choice(["auto", "cpu", "cuda"]), default="auto", show_default=True,
        help="Where a voice that can use a GPU runs.",
    )(f)
    f = click.option(
        "--voice", "voice_id",
        help="Voice id, options after '?' (piper:NAME?length_scale=1.1); see `narrator voices`. Default from podcast.toml.",
    )(f)
    return f


def tashkeel_option(f):
    return click.option(
        "--tashkeel/--no-tashkeel", "diacritise", default=None,
        help="Diacritise before speaking (default: what the voice wants).",
    )(f)


def quiet_option(f):
    return click.option("-q", "--quiet", is_flag=True, help="No progress, only errors and results.")(f)


def _workspace(workspace_dir):
    from narrator.workspace import open_workspace

    return open_workspace(workspace_dir)


def _show(ws):
    from narrator.config import load_show

    return load_show(ws.config_path)


def _voice_spec(voice_id, device, threads, show, dtype=None):
    from narrator.voices import spec_from_cli, with_rate

    return with_rate(spec_from_cli(voice_id or show.voice, device=device, threads=threads, dtype=dtype), show.rate)


def batch_option(f):
    return click.option(
        "--batch-size", type=click.IntRange(1, 1024), default=1, show_default=True,
        help="Chunks per forward pass for a voice that batches (Coqui VITS); 1 on a CPU, 32-128 on a GPU.",
    )(f)


def _read_stdin(article: str) -> bytes | None:
    return sys.stdin.buffer.read() if article == "-" else None


@click.group(cls=NarratorGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="narrator")
def cli():
    """Turn Arabic articles into chaptered podcast episodes and a feed."""
    _log_warnings()


@cli.command()
@workspace_option
def init(workspace_dir):
    """Create a workspace: audio/, feed/ and a commented podcast.toml."""
    from narrator.config import TEMPLATE, DEFAULT_TITLE, DEFAULT_DESCRIPTION
    from narrator.workspace import atomic_write_text

    ws = _workspace(workspace_dir).ensure()
    if ws.config_path.exists():
        click.echo(f"{ws.config_path} exists; left as it is")
    else:
        atomic_write_text(ws.config_path, TEMPLATE.format(title=DEFAULT_TITLE, description=DEFAULT_DESCRIPTION), ws.tmp_dir)
        click.echo(f"wrote {ws.config_path}")


@cli.command()
@click.argument("article")
@click.option("--json", "as_json", is_flag=True, help="Print the script as JSON.")
@click.option(
    "--stage", type=click.Choice(["clean", "words", "diacritised", "voice"]), default="voice",
    show_default=True, help="How far through the front end to go.",
)
@click.option("--explain", is_flag=True,
              help="Print each number with its class, case and the rule that decided the case "
                   "(with --json: also its gender, construct state, definiteness and the case its words take).")
@workspace_option
@voice_options
@tashkeel_option
def script(article, as_json, stage, explain, workspace_dir, voice_id, device, threads, dtype, diacritise):
    """Print what narrator will say for ARTICLE (a path, or - for stdin), chapter by chapter."""
    from narrator.frontend import Stage
    from narrator.pipeline import load_source, make_frontend_for
    from narrator.script import make_script, script_to_dict
    from narrator.voices import voice_profile

    ws = _workspace(workspace_dir)
    spec = _voice_spec(voice_id, device, threads, _show(ws), dtype)
    parsed, _ = load_source(article, _read_stdin(article))
    frontend = make_frontend_for(voice_profile(spec), ws, diacritise)
    if explain:
        _explain_numbers(make_script(parsed, frontend, Stage.CLEAN), frontend, as_json)
        return
    result = make_script(parsed, frontend, Stage(stage))
    if as_json:
        click.echo(json.dumps(script_to_dict(result), ensure_ascii=False, indent=2))
        return
    for chapter in result.chapters:
        click.echo(f"## {chapter.title}")
        for chunk in chapter.chunks:
            click.echo(chunk.text)
        click.echo()


def _explain_numbers(result, frontend, as_json: bool = False) -> None:
    """One line per number: the number as written, its class, case and rule, then the
    sentence it stands in (once per sentence); as_json: a list of the sentences with
    their numbers' whole readings."""
    seen = set()
    sentences = []
    for chapter in result.chapters:
        for chunk in chapter.chunks:
            if chunk.sentence_id in seen:
                continue
            seen.add(chunk.sentence_id)
            readings = frontend.explain(chunk.sentence)
            if as_json:
                if readings:
                    sentences.append({"sentence": chunk.sentence, "numbers": [
                        {"number": r.number, "class": r.kind, "case": str(r.case),
                         "gender": str(r.gender), "construct": r.construct,
                         "definite": r.definite, "rule": r.rule,
                         "words_case": str(r.words_case)} for r in readings]})
                continue
            if readings:
                click.echo(chunk.sentence)
            for r in readings:
                click.echo(f"  {r.number}\t{r.kind}\t{r.case}\t{r.rule or '-'}")
    if as_json:
        click.echo(json.dumps(sentences, ensure_ascii=False, indent=2))


@cli.command()
@click.argument("articles", nargs=-1, required=True)
@workspace_option
@voice_options
@tashkeel_option
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=None, help="Synthesis processes [default: cores].")
@click.option("--force", is_flag=True, help="Rebuild even when nothing changed (the synthesis cache is still used).")
@batch_option
@click.option("--executor", type=click.Choice(["local", "ray"]), default="local", show_default=True,
              help="Where synthesis runs: here, or on a Ray cluster (the ray extra).")
@click.option("--address", help="Ray cluster for --executor ray: auto or ray://HOST:10001 [default: start one here].")
@click.option("--cache", "cache", metavar="FOLDER|s3://BUCKET/PREFIX",
              help="Synthesis cache shared by builds or a cluster's nodes [default: the workspace's .narrator/cache].")
@quiet_option
def build(articles, workspace_dir, voice_id, device, threads, dtype, diacritise, jobs, force, batch_size, executor,
          address, cache, quiet):
    """Build one chaptered MP3 per ARTICLE (a file, - for stdin, or a web page's URL) and update the feed."""
    from narrator.pipeline import BuildOptions
    from narrator.pipeline import build as run_build

    ws = _workspace(workspace_dir)
    show = _show(ws)
    if address and executor != "ray":
        raise _fail("--address is for --executor ray", 2)
    if cache and "://" in cache and not cache.startswith("s3://"):
        raise _fail(f"--cache {cache}: a folder or s3://BUCKET/PREFIX", 2)
    if executor == "ray":
        from narrator.executors.ray import require_ray

        require_ray()  # without the extra: one line, before anything is read or written
    options = BuildOptions(
        voice_spec=_voice_spec(voice_id, device, threads, show, dtype), jobs=jobs or os.cpu_count() or 1,
        diacritise=diacritise, force=force, stdin=_read_stdin("-") if "-" in articles else None,
        batch_size=batch_size, executor=executor, address=address, cache=cache,
    )
    results = run_build(list(articles), ws, show, options, progress=None if quiet else _progress_factory(),
                        on_result=functools.partial(_report, quiet=quiet))
    if executor != "local" and not quiet:
        from narrator.executors import summary_line

        click.echo(summary_line(results), err=True)
    failed = [r for r in results if r.error]
    if failed:
        sys.exit(2 if len(failed) == len(results) else 1)


def _report(result, quiet):
    from narrator.durations import clock

    if result.error:  # the same form as every other error the command prints
        click.echo(f"Error: {' '.join(result.error.split())}", err=True)
        return
    note = f" [{result.note}]" if result.note else ""
    click.echo(
        f"{result.mp3}{note}" if quiet else
        f"{result.source} -> {result.mp3} (up to date)" if result.up_to_date else
        f"{result.source} -> {result.mp3} ({clock(result.duration)}, {result.chapters} chapters, "
        f"{result.synthesised} synthesised, {result.cached} cached, {result.seconds:.1f} s){note}"
    )


def _progress_factory():
    """A progress bar per article on a terminal; nothing when stderr is not a TTY."""
    if not sys.stderr.isatty():
        return None
    from narrator.progress import TerminalProgress

    return TerminalProgress


@cli.group(cls=NarratorGroup, invoke_without_command=True)
@click.pass_context
def voices(ctx):
    """List voices (installed, available, licence); download or preview one."""
    if ctx.invoked_subcommand is None:
        ctx.invoke(voices_list)


@voices.command("list")
def voices_list():
    """Every voice: whether it runs now (and why not), and its licence."""
    from narrator.voices import available_voices
    from narrator.voices.known import voices_dir

    for info in available_voices():
        mark = "yes" if info.available else "no "
        click.echo(f"{mark}  {info.id:45} {info.description}" + (f"  ({info.reason})" if info.reason else ""))
        if info.licence:
            click.echo(f"     {'':45} licence: {info.licence}")
    click.echo(f"voices folder: {voices_dir()}")


@voices.command("download")
@click.argument("name")
@click.option("--unverified", is_flag=True, help="Accept a voice whose sha256 narrator's list does not pin yet.")
def voices_download(name, unverified):
    """Fetch the known voice NAME into the voices folder, verified by size and sha256."""
    from narrator.voices.download import download_voice

    bars = {}

    def progress(file, done, total):  # a bar per file, on a terminal only
        if not (total and sys.stderr.isatty()):
            return
        if file not in bars:
            bars[file] = click.progressbar(length=total, label=file, file=sys.stderr)
        bar = bars[file]
        bar.update(done - bar.pos)
        if done >= total:
            bar.render_finish()

    result = download_voice(name, progress=progress, allow_unverified=unverified)
    for path, sha in zip(result.paths, result.sha256, strict=False):
        note = "already installed" if result.already else "verified" if result.verified else "NOT verified"
        click.echo(f"{path}  sha256 {sha}  ({note})")
    click.echo(f"use it with --voice {result.voice.voice_id}")


@voices.command("preview")
@click.argument("name")
@click.argument("text", required=False)
@click.option("-o", "--output", type=click.Path(dir_okay=False), default="preview.wav", show_default=True,
              help="Where to write the sample (.wav, .flac or .mp3).")
def voices_preview(name, text, output):
    """Say TEXT (default: a sentence of the sample article) with voice NAME into a short file."""
    from narrator.voices import spec_from_cli
    from narrator.voices.known import KNOWN
    from narrator.voices.preview import preview

    path, seconds, _ = preview(spec_from_cli(KNOWN[name].voice_id if name in KNOWN else name), Path(output), text)
    click.echo(f"{path} ({seconds:.1f} s)")


@cli.group(cls=NarratorGroup)
def cache():
    """Inspect or clear the synthesis cache."""


@cache.command("info")
@workspace_option
def cache_info(workspace_dir):
    """Entries and size of the synthesis cache."""
    from narrator.cache import SynthesisCache

    entries, size = SynthesisCache(_workspace(workspace_dir).cache_dir).info()
    click.echo(f"{entries} entries, {size / 1e6:.1f} MB")


@cache.command("clear")
@workspace_option
def cache_clear(workspace_dir):
    """Delete every cached synthesis."""
    from narrator.cache import SynthesisCache

    removed = SynthesisCache(_workspace(workspace_dir).cache_dir).clear()
    click.echo(f"removed {removed} entries")


@cli.command()
def doctor():
    """Which ffmpeg narrator uses (probed: version and a run of the audio chain)."""
    from narrator.ffmpeg import binary

    click.echo(f"ffmpeg: {binary().describe()}")


@cli.command("list")
@workspace_option
def list_episodes(workspace_dir):
    """Episodes in the catalog: title, date, duration, chapters, file."""
    from narrator.catalog import episodes
    from narrator.durations import clock

    records = episodes(_workspace(workspace_dir))
    if not records:
        click.echo("no episodes yet")
    for r in records:
        click.echo(f"{r.slug}\t{r.title}\t{r.pub_date[:10]}\t{clock(r.duration)}\t{len(r.chapters)} ch\taudio/{r.mp3}")


@cli.command()
@click.argument("episode")
@workspace_option
def remove(episode, workspace_dir):
    """Take EPISODE (slug or article path) out of the feed and delete its files."""
    from narrator.pipeline import remove_episode

    ws = _workspace(workspace_dir)
    record = remove_episode(ws, _show(ws), episode)
    click.echo(f"removed {record.slug}")


@cli.command()
@workspace_option
@click.option("--base-url", help="Public URL of the workspace (overrides podcast.toml).")
def feed(workspace_dir, base_url):
    """Regenerate feed/feed.xml and feed/index.html from the catalog."""
    from narrator.config import with_base_url
    from narrator.pipeline import publish

    ws = _workspace(workspace_dir).ensure()
    show = _show(ws)
    if base_url:
        show = with_base_url(show, base_url)
    click.echo(publish(ws, show))


@cli.command()
@click.argument("episode")
@workspace_option
@click.option("--base-url", help="Public URL of the workspace (overrides podcast.toml).")
def embed(episode, workspace_dir, base_url):
    """Print the <iframe> that embeds EPISODE's player (slug or article path) in a web page."""
    from narrator.catalog import find_episode
    from narrator.config import with_base_url
    from narrator.feed import DEFAULT_BASE_URL
    from narrator.feed.player import embed_snippet

    ws = _workspace(workspace_dir)
    show = _show(ws)
    if base_url:
        show = with_base_url(show, base_url)
    record = find_episode(ws, episode)
    click.echo(embed_snippet(show.base_url or DEFAULT_BASE_URL, record.slug, record.title))


@cli.command()
@workspace_option
def check(workspace_dir):
    """Validate the workspace as a podcast directory would; one line per problem."""
    from narrator.feed.check import check_workspace

    ws = _workspace(workspace_dir)
    problems = check_workspace(ws, _show(ws))
    for p in problems:
        click.echo(p, err=True)
    if problems:
        sys.exit(1)
    click.echo("ok")


@cli.command()
@workspace_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0: the LAN).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
def serve(workspace_dir, host, port):
    """Serve feed/ and audio/ over HTTP (byte ranges) for podcast apps."""
    from narrator.serve import serve as run_server

    ws = _workspace(workspace_dir)
    run_server(ws, _show(ws), host, port, ready=lambda msg: click.echo(msg))


@cli.command()
@click.argument("episode")
@click.option("-c", "--chapter", type=int, required=True, help="Chapter number, from 1.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the chapter as its own MP3 instead.")
@workspace_option
def play(episode, chapter, output, workspace_dir):
    """Play one chapter of EPISODE (slug or article path), or write it with --output."""
    from narrator.catalog import find_episode
    from narrator.play import chapter_at, extract_chapter, play_chapter

    ws = _workspace(workspace_dir)
    record = find_episode(ws, episode)
    mark = chapter_at(record, chapter)
    mp3 = ws.audio_dir / record.mp3
    if output:
        out = extract_chapter(
            mp3, mark, chapter, Path(output), album=record.title, artist=record.author or "",
            # The temp file goes beside the output (tmp_dir=None): the workspace may be
            # read-only, or on another filesystem than the output, where a rename fails.
            total=len(record.chapters), tmp_dir=None,
        )
        click.echo(out)
    else:
        sys.exit(play_chapter(mp3, mark))

# ---- from the web: follow feeds, update, publish (issue 13) -------------------------------

def publish_options(f):
    f = click.option("--endpoint-url", envvar="AWS_ENDPOINT_URL",
                     help="S3-compatible endpoint (MinIO, R2, B2) [env: AWS_ENDPOINT_URL].")(f)
    f = click.option("--base-url", help="Public URL of the target's root (default: an s3:// target's own, else podcast.toml's base_url).")(f)
    return f


@cli.command()
@click.argument("feed_url", required=False)
@click.option("--keep", type=click.IntRange(1, 10000), help="Episodes to keep from this feed [default: 10].")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="Skip items published before this date.")
@click.option("--allow-private", is_flag=True,
              help="Let its items lead to loopback, private and link-local addresses (an intranet feed).")
@workspace_option
def follow(feed_url, keep, since, allow_private, workspace_dir):
    """Follow the RSS or Atom feed at FEED_URL; `narrator update` builds its items.
    Without FEED_URL: list the feeds followed."""
    from narrator.web import printable
    from narrator.follow import DEFAULT_KEEP, follow as run_follow, subscriptions

    ws = _workspace(workspace_dir)
    if feed_url is None:
        for sub in subscriptions(ws):
            click.echo(f"{printable(sub.url)}\t{printable(sub.title)}\tkeep {sub.keep or DEFAULT_KEEP}"
                       f"{f', since {sub.since}' if sub.since else ''}"
                       f"{', private addresses allowed' if sub.allow_private else ''}\tchecked {sub.checked or 'never'}")
        return
    sub, count = run_follow(ws, feed_url, keep, since.date().isoformat() if since else None, allow_private)
    click.echo(f"following {printable(sub.title)} ({printable(sub.url)}): {count} items now,"
               f" keeping {sub.keep or DEFAULT_KEEP}")


@cli.command()
@click.argument("feed_url")
@workspace_option
def unfollow(feed_url, workspace_dir):
    """Stop following FEED_URL; its episodes stay (`narrator remove` takes one out)."""
    from narrator.web import printable
    from narrator.follow import unfollow as run_unfollow

    sub = run_unfollow(_workspace(workspace_dir), feed_url)
    click.echo(f"unfollowed {printable(sub.title)} ({printable(sub.url)}); its episodes stay in the feed")


@cli.command()
@workspace_option
@voice_options
@tashkeel_option
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=None, help="Synthesis processes [default: cores].")
@batch_option
@click.option("--publish", "target", help="Then publish to this folder or s3://bucket/prefix.")
@publish_options
def update(workspace_dir, voice_id, device, threads, dtype, diacritise, jobs, batch_size, target, base_url,
           endpoint_url):
    """Fetch followed feeds, build new and changed items, prune, and publish (safe from cron)."""
    from narrator.web import printable
    from narrator.follow import run_update

    ws = _workspace(workspace_dir)
    show = _show(ws)
    spec = _voice_spec(voice_id, device, threads, show, dtype)
    summary = run_update(ws, show, spec, jobs=jobs or os.cpu_count() or 1, diacritise=diacritise,
                         batch_size=batch_size)
    for failure in summary.failures:
        click.echo(f"Error: {printable(failure)}", err=True)
    click.echo(summary.line())
    if target and not summary.skipped:
        _publish(ws, show, target, base_url, endpoint_url)
    if summary.failures:
        sys.exit(1)


@cli.command("publish")
@click.option("--to", "target", required=True, help="A folder, or s3://bucket/prefix.")
@publish_options
@workspace_option
def publish_cmd(target, base_url, endpoint_url, workspace_dir):
    """Copy audio/ and feed/ to TARGET, sending only what changed; the feed names TARGET's URL."""
    ws = _workspace(workspace_dir)
    _publish(ws, _show(ws), target, base_url, endpoint_url)


def _publish(ws, show, target, base_url, endpoint_url):
    from narrator.publish import publish_to

    click.echo(publish_to(ws, show, target, base_url=base_url, endpoint_url=endpoint_url).line())


def main():
    cli(prog_name="narrator")


if __name__ == "__main__":
    main()
