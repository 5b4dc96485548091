"""The synthesis cache and the episode staging area on object storage (`--cache s3://BUCKET/PREFIX`).

For a cluster without a shared folder: every node reads and writes the same bucket, through
boto3 (the `s3` extra; endpoint from AWS_ENDPOINT_URL for MinIO, R2, moto...; credentials
from boto3's usual chain on each node: environment, ~/.aws, an instance or pod role).

Layout under the prefix:

    <key[:2]>/<key>.<sum>.flac       a chunk: the folder cache's own names and bytes, so
                                     `aws s3 sync .narrator/cache s3://...` seeds one from the other
    episodes/<sha256>/<file name>    a finished episode file a worker made, for the driver to fetch

Every object is named by its content (the FLAC's checksum, the file's SHA-256) and written
once (`If-None-Match: *`): two writers of one name write the same bytes, so whichever lands
first is right and the other is told it is there. S3 never shows a PUT that did not finish,
so a worker killed mid-upload leaves nothing behind; and a reader checks every object's
bytes against its name anyway, deleting one that fails (a store that kept a cut-short
body), so the next writer can put it right.
"""

from __future__ import annotations

import base64
import hashlib
import os
import time
from pathlib import Path

from narrator.cache import SUFFIX, ChunkCache, SynthesisCache, encode_entry, verify_entry
from narrator.errors import NarratorError
from narrator.fingerprint import file_sha256
from narrator.workspace import Workspace, atomic_write_bytes

STAGING = "episodes"
"""Folder under the prefix for the finished files of episodes made on workers."""
CONFLICT_RETRIES = 4
"""Tries when S3 answers 409 (another conditional write of the same name is in flight)."""


class CacheError(NarratorError):
    """The bucket cannot be read or written (one line: what, where, the store's reason)."""


class S3Bucket:
    """A bucket and prefix through boto3, made on first use (the object is pickled to workers
    and Ray tasks; a client is not)."""

    def __init__(self, url: str, endpoint_url: str | None = None) -> None:
        from urllib.parse import urlsplit

        parts = urlsplit(url)
        if parts.scheme != "s3" or not parts.netloc:
            raise CacheError(f"{url}: name a bucket: s3://BUCKET/PREFIX")
        self.url = url.rstrip("/")
        self.bucket, self.prefix = parts.netloc, parts.path.strip("/")
        self.endpoint_url = endpoint_url or os.environ.get("AWS_ENDPOINT_URL") or None
        self._client = None

    def __getstate__(self) -> dict:
        return {**self.__dict__, "_client": None}

    @property
    def client(self):
        if self._client is None:
            try:
                import boto3
                from botocore.config import Config
            except ImportError:
                raise CacheError(f"{self.url}: an S3 cache needs boto3: pip install 'narrator[s3]'") from None
            config = Config(retries={"max_attempts": 5, "mode": "standard"}, connect_timeout=10, read_timeout=60,
                            s3={"addressing_style": "path" if self.endpoint_url else "auto"})
            self._client = boto3.client("s3", endpoint_url=self.endpoint_url, config=config)
        return self._client

    def key(self, name: str) -> str:
        return f"{self.prefix}/{name}" if self.prefix else name

    def call(self, what: str, method: str, **kw):
        """client.<method>(Bucket=..., **kw); a store's failure as one CacheError line.
        A 404 is None; a 412 or 409 is raised as it came, for the caller to read."""
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            return getattr(self.client, method)(Bucket=self.bucket, **kw)
        except ClientError as exc:
            err = exc.response.get("Error", {})
            status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
            if status == 404 and err.get("Code") in ("404", "NoSuchKey", "NotFound"):
                return None
            if status in (409, 412):
                raise
            raise CacheError(f"{self.url}: {what}: {err.get('Code', 'error')}: {err.get('Message', exc)}") from None
        except BotoCoreError as exc:
            raise CacheError(f"{self.url}: {what}: {exc}") from None

    def names(self, start: str) -> list[str]:
        """Names (relative to the prefix) that begin with `start`."""
        return [name for name, _ in self.listing(start)]

    def listing(self, start: str) -> list[tuple[str, int]]:
        """(name relative to the prefix, size) of each object whose name begins with `start`."""
        found, token = [], None
        base = len(self.key(""))
        while True:
            kw = {"Prefix": self.key(start), **({"ContinuationToken": token} if token else {})}
            page = self.call(f"list {start}", "list_objects_v2", **kw) or {}
            found += [(obj["Key"][base:], int(obj.get("Size", 0))) for obj in page.get("Contents", [])]
            token = page.get("NextContinuationToken")
            if not token:
                return sorted(found)

    def read(self, name: str) -> bytes | None:
        reply = self.call(f"read {name}", "get_object", Key=self.key(name))
        if reply is None:
            return None
        try:
            return reply["Body"].read()
        except Exception as exc:  # the connection dropped mid-body: botocore's or urllib3's class
            raise CacheError(f"{self.url}: read {name}: {type(exc).__name__}: {exc}") from None

    def write_once(self, name: str, data: bytes, sha256: bytes | None = None) -> bool:
        """Put `data` at `name` unless something is there already; True if this call wrote it.
        The SHA-256 travels with the body, so a store that checks it refuses a damaged one
        (`sha256`: its raw digest, when the caller has it already)."""
        from botocore.exceptions import ClientError

        digest = base64.b64encode(sha256 or hashlib.sha256(data).digest()).decode()
        for attempt in range(CONFLICT_RETRIES):
            try:
                self.call(f"write {name}", "put_object", Key=self.key(name), Body=data, IfNoneMatch="*",
                          ChecksumSHA256=digest)
                return True
            except ClientError as exc:
                if exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode") == 412:
                    return False  # written by someone else: the same bytes, by its name
                time.sleep(0.2 * (attempt + 1))  # 409: a concurrent write of this name; once it lands, 412
        raise CacheError(f"{self.url}: write {name}: still conflicting after {CONFLICT_RETRIES} tries")

    def delete(self, name: str) -> None:
        self.call(f"delete {name}", "delete_object", Key=self.key(name))


class S3SynthesisCache:
    """SynthesisCache's interface over a bucket. The entries this process reads or writes
    are kept in a local folder too (the workspace's cache folder, or a Ray task's scratch
    one), because the episode is stitched from files; a local hit costs no request."""

    key = staticmethod(SynthesisCache.key)

    def __init__(self, url: str, local_dir: Path, endpoint_url: str | None = None) -> None:
        self.bucket = S3Bucket(url, endpoint_url)
        self.local = SynthesisCache(local_dir)
        self.directory = self.local.directory

    def lookup(self, key: str, sample_rate: int | None = None) -> tuple[Path, int] | None:
        found = self.local.lookup(key, sample_rate)
        if found is not None:
            return found
        for name in self.bucket.names(f"{key[:2]}/{key}."):
            if not name.endswith(SUFFIX):
                continue
            data = self.bucket.read(name)
            if data is None:
                continue  # deleted since the listing
            frames = verify_entry(data, name, key, sample_rate)
            if frames is None:  # damaged: gone, so a later put can write it again
                self.bucket.delete(name)
                continue
            return self.local.store(name, data), frames
        return None

    def put(self, key: str, samples, sample_rate: int) -> Path:
        name, data = encode_entry(key, samples, sample_rate)
        path = self.local.store(name, data)
        self.bucket.write_once(name, data)
        return path

    def info(self) -> tuple[int, int]:
        """(entries, bytes) in the bucket."""
        entries = [(n, size) for n, size in self.bucket.listing("")
                   if n.endswith(SUFFIX) and len(n.split("/")[0]) == 2 and n.count("/") == 1]
        return len(entries), sum(size for _, size in entries)


class S3Staging:
    """Finished episode files on their way from a worker to the driver, by content."""

    def __init__(self, url: str, endpoint_url: str | None = None) -> None:
        self.bucket = S3Bucket(url, endpoint_url)

    def upload(self, path: Path) -> tuple[str, str]:
        """(name in the bucket, SHA-256) of the file at `path`, uploaded once by its content."""
        data = path.read_bytes()
        digest = hashlib.sha256(data).digest()  # names the object and travels with it: hashed once
        name = f"{STAGING}/{digest.hex()}/{path.name}"
        self.bucket.write_once(name, data, digest)
        return name, digest.hex()

    def download(self, name: str, digest: str, target: Path, tmp_dir: Path) -> None:
        """The staged file into `target` (by rename), unless an identical file is there."""
        if target.is_file() and file_sha256(target) == digest:
            return
        data = self.bucket.read(name)
        if data is None or hashlib.sha256(data).hexdigest() != digest:
            raise CacheError(f"{self.bucket.url}: {name} is missing or damaged; build the article again")
        try:
            atomic_write_bytes(target, data, tmp_dir)
        except OSError as exc:
            raise CacheError(f"cannot write {target}: {exc.strerror or exc}") from None


def open_cache(location: str | None, workspace: Workspace) -> ChunkCache:
    """The synthesis cache a build uses: the workspace's folder (None), another folder (a path,
    e.g. one every node of a cluster mounts), or a bucket (`s3://BUCKET/PREFIX`, the `s3`
    extra), which keeps the copies this process reads in the workspace's folder. It lives
    here, above both caches, so the folder cache never imports the bucket's."""
    if location and location.startswith("s3://"):
        return S3SynthesisCache(location, workspace.cache_dir)
    return SynthesisCache(Path(location).expanduser() if location else workspace.cache_dir)
