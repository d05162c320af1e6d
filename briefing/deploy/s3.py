"""Carrying out a :class:`~briefing.deploy.plan.Plan` against an S3-compatible bucket with boto3.

Any service that speaks the S3 API works the same way (Amazon S3, Cloudflare
R2, Backblaze B2, Wasabi, MinIO): only the endpoint differs. Credentials come
from boto3's own chain (``AWS_ACCESS_KEY_ID``/``AWS_SECRET_ACCESS_KEY``,
``AWS_PROFILE``, instance roles), never from the repository.

An object's content is compared by its ETag, which for an object uploaded in
one request (as every object here is) is the MD5 of its bytes: nothing is
uploaded again because its time stamp moved.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from itertools import groupby

from .plan import TIERS, LocalFile, Plan, tier

#: Uploads run this many at a time within a tier; tiers never overlap.
PARALLEL_UPLOADS = 8
#: DeleteObjects takes at most this many keys per request.
DELETE_BATCH = 1000


class DeployError(Exception):
    """A deployment that could not go on; the message says why and what to check."""


@dataclass(frozen=True)
class Target:
    bucket: str
    prefix: str = ""
    endpoint_url: str | None = None
    region: str | None = None

    def describe(self) -> str:
        where = f"s3://{self.bucket}/{self.prefix}"
        return f"{where} at {self.endpoint_url}" if self.endpoint_url else where


def client(target: Target):
    import boto3
    from botocore.config import Config

    return boto3.session.Session().client(
        "s3", endpoint_url=target.endpoint_url, region_name=target.region,
        config=Config(retries={"max_attempts": 5, "mode": "standard"}, max_pool_connections=PARALLEL_UPLOADS * 2),
    )


def explain(error: Exception, target: Target) -> DeployError:
    """A DeployError an editor can act on, from whatever boto3 raised."""
    from botocore.exceptions import ClientError, EndpointConnectionError, NoCredentialsError, ParamValidationError

    if isinstance(error, NoCredentialsError):
        return DeployError("no credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE)")
    if isinstance(error, EndpointConnectionError):
        return DeployError(f"cannot reach the storage service at {error.kwargs.get('endpoint_url', target.endpoint_url)}: "
                           "check S3_ENDPOINT_URL and the network")
    if isinstance(error, ParamValidationError):
        return DeployError(f"invalid request to {target.describe()}: {error}")
    if isinstance(error, ClientError):
        code = error.response.get("Error", {}).get("Code", "")
        message = error.response.get("Error", {}).get("Message", "")
        if code in ("NoSuchBucket", "404", "NotFound"):
            return DeployError(f"bucket {target.bucket!r} does not exist at {target.endpoint_url or 'AWS'}: "
                               "create it or check S3_BUCKET and S3_ENDPOINT_URL")
        if code in ("InvalidAccessKeyId", "SignatureDoesNotMatch", "AccessDenied", "403", "Forbidden",
                    "InvalidToken", "ExpiredToken", "AuthorizationHeaderMalformed"):
            return DeployError(f"the storage service refused these credentials for {target.describe()} ({code}: "
                               f"{message or 'access denied'}): check AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY "
                               "and the key's permissions (s3:ListBucket, s3:PutObject, s3:DeleteObject)")
        return DeployError(f"{target.describe()}: {code or 'error'}: {message or error}")
    return DeployError(f"{target.describe()}: {type(error).__name__}: {error}")


def remote_objects(s3, target: Target) -> dict[str, str]:
    """``{key: md5}`` of every object under the prefix (the ETag without its quotes)."""
    objects = {}
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=target.bucket, Prefix=target.prefix):
        for item in page.get("Contents", []):
            objects[item["Key"]] = item["ETag"].strip('"')
    return objects


def upload(s3, target: Target, one: LocalFile) -> None:
    extra = {"ContentType": one.headers.content_type, "CacheControl": one.headers.cache_control}
    if one.headers.content_encoding:
        extra["ContentEncoding"] = one.headers.content_encoding
    with one.source.open("rb") as body:
        s3.put_object(Bucket=target.bucket, Key=target.prefix + one.path, Body=body, **extra)


def apply(plan: Plan, s3, target: Target, say: Callable[[str], None]) -> None:
    """Upload tier by tier, then delete; the first failure stops the run before any deletion."""
    for number, batch in groupby(plan.uploads, key=lambda item: tier(item[1].path)):
        batch = list(batch)
        say(f"uploading {len(batch)} {TIERS[number]} file(s)")
        with ThreadPoolExecutor(PARALLEL_UPLOADS) as pool:
            futures = [(why, one, pool.submit(upload, s3, target, one)) for why, one in batch]
            for why, one, future in futures:
                future.result()
                say(f"  {'+' if why == 'new' else '~'} {target.prefix}{one.path}")
    for start in range(0, len(plan.deletions), DELETE_BATCH):
        keys = plan.deletions[start:start + DELETE_BATCH]
        answer = s3.delete_objects(Bucket=target.bucket, Delete={"Objects": [{"Key": k} for k in keys], "Quiet": True})
        if answer.get("Errors"):
            first = answer["Errors"][0]
            raise DeployError(f"could not delete {len(answer['Errors'])} object(s), e.g. {first.get('Key')}: "
                              f"{first.get('Code')}: {first.get('Message')}")
        for key in keys:
            say(f"  - {key}")


def purge(command: list[str], paths: list[str], say: Callable[[str], None]) -> None:
    """Run the CDN purge hook with the changed URL paths as arguments (and one a line on its input)."""
    say(f"purging {len(paths)} path(s): {' '.join(command)}")
    result = subprocess.run([*command, *paths], input="\n".join(paths) + "\n", text=True)
    if result.returncode != 0:
        raise DeployError(f"the purge command exited with {result.returncode}; the upload itself is complete, "
                          "so the CDN may serve old pages until their cache lifetime ends")
