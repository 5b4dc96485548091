"""The S3 side of `narrator publish`: any S3-compatible store through boto3 (the `s3` extra).

The endpoint comes from --endpoint-url or AWS_ENDPOINT_URL (MinIO, Cloudflare R2, Backblaze
B2); credentials from boto3's usual chain (environment, ~/.aws). Objects are sent with one
put_object each (streamed from the file), so a bucket's ETag is the MD5 of the content and
serves as the change check. The manifest (narrator.publish_target.MANIFEST) sits at the prefix's root.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import os
from typing import BinaryIO

from narrator.publish_target import MANIFEST, Item, PublishError, s3_base_url, split_s3


class S3Target:
    def __init__(self, target: str, endpoint_url: str | None = None) -> None:
        try:
            import boto3
            from botocore.config import Config
        except ImportError:
            raise PublishError("publishing to S3 needs boto3: pip install 'narrator[s3]'") from None
        self.bucket, self.prefix = split_s3(target)
        self.label = target
        endpoint_url = endpoint_url or os.environ.get("AWS_ENDPOINT_URL") or None
        self.base_url = s3_base_url(self.bucket, self.prefix, endpoint_url)
        config = Config(retries={"max_attempts": 3, "mode": "standard"}, connect_timeout=10, read_timeout=60,
                        s3={"addressing_style": "path" if endpoint_url else "auto"})
        self.client = boto3.client("s3", endpoint_url=endpoint_url, config=config)

    def _key(self, key: str) -> str:
        return f"{self.prefix}/{key}" if self.prefix else key

    def _call(self, what: str, fn, missing_ok: bool = False, **kw):
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            return fn(**kw)
        except ClientError as exc:
            err = exc.response.get("Error", {})
            if missing_ok and err.get("Code") in ("NoSuchKey", "404"):
                return None
            raise PublishError(f"{self.label}: {what}: {err.get('Code', 'error')}: {err.get('Message', exc)}") from None
        except BotoCoreError as exc:
            raise PublishError(f"{self.label}: {what}: {exc}") from None

    def session(self) -> contextlib.AbstractContextManager[None]:
        # put_object leaves nothing half-written in a bucket: no temp files to sweep.
        return contextlib.nullcontext()

    def listing(self) -> dict[str, str]:
        found = {}
        paginator = self.client.get_paginator("list_objects_v2")  # boto3 follows the continuation tokens
        for folder in ("audio/", "feed/"):
            pages = self._call("list", lambda **kw: list(paginator.paginate(**kw)),
                               Bucket=self.bucket, Prefix=self._key(folder))
            for page in pages:
                for obj in page.get("Contents", []):
                    rel = obj["Key"][len(self._key("")):]
                    found[rel] = obj["ETag"].strip('"')
        return found

    def digest(self, fh: BinaryIO) -> str:
        return hashlib.file_digest(fh, lambda: hashlib.md5(usedforsecurity=False)).hexdigest()  # type: ignore[arg-type]

    def remote_digest(self, key: str, stamp: str) -> str:
        return stamp  # a single-part upload's ETag is its MD5

    def put(self, item: Item, digest: str) -> str:
        with item.open() as body:
            self._call(
                f"upload {item.key}", self.client.put_object, Bucket=self.bucket, Key=self._key(item.key), Body=body,
                ContentType=item.content_type, CacheControl=item.cache_control,
                ContentMD5=base64.b64encode(bytes.fromhex(digest)).decode(),
            )
        return digest

    def delete(self, key: str) -> None:
        self._call(f"delete {key}", self.client.delete_object, Bucket=self.bucket, Key=self._key(key))

    def read_manifest(self) -> bytes | None:
        obj = self._call(f"read {MANIFEST}", self.client.get_object, missing_ok=True, Bucket=self.bucket,
                         Key=self._key(MANIFEST))
        return None if obj is None else self._call(f"read {MANIFEST}", obj["Body"].read)

    def write_manifest(self, data: bytes) -> None:
        self._call(
            "write the manifest", self.client.put_object, Bucket=self.bucket, Key=self._key(MANIFEST), Body=data,
            ContentType="application/json", CacheControl="no-cache",
            ContentMD5=base64.b64encode(hashlib.md5(data, usedforsecurity=False).digest()).decode(),
        )

