"""``briefing deploy s3``: upload what ``make publish`` built to an S3-compatible bucket."""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from pathlib import Path

from ..flags import flag
from .plan import local_files, make_plan
from .s3 import DeployError, Target, apply, client, explain, purge, remote_objects

DESCRIPTION = """\
Sync a published site (output/, from `make publish`) to an S3-compatible bucket:
Amazon S3, Cloudflare R2, Backblaze B2, Wasabi, MinIO or any other service that
speaks the S3 API.

Only files whose content changed are uploaded (compared by content hash, never
by time); objects no longer in output/ are deleted, after every upload has
succeeded. Assets go first, then article pages, listing pages, feeds, the
sitemap and the home page last, so readers never follow a link to a page that
is not there yet. Each object gets the Content-Type and Cache-Control that
deploy/nginx.conf would send for it.

Credentials come from the standard AWS environment variables
(AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN) or AWS_PROFILE,
never from the repository.
"""
EPILOG = """\
environment (each option's default):
  S3_BUCKET         the bucket                      S3_PREFIX        a folder in it
  S3_ENDPOINT_URL   for services other than AWS     AWS_DEFAULT_REGION
  S3_PRECOMPRESSED  1: also upload the .gz/.br copies (see --precompressed)
  S3_PURGE_COMMAND  a CDN purge command (see --purge-command)
  DRY_RUN           1: print the plan, change nothing

exit status: 0 when the bucket matches output/, 1 when the deployment failed
(nothing is deleted then), 2 for a usage error.

examples:
  S3_BUCKET=brief-site briefing deploy s3 --dry-run
  S3_ENDPOINT_URL=https://<account>.r2.cloudflarestorage.com S3_BUCKET=brief briefing deploy s3
  briefing deploy s3 --purge-command "aws cloudfront create-invalidation --distribution-id E123 --paths"
"""

def register(subcommands: argparse._SubParsersAction) -> None:
    deploy = subcommands.add_parser("deploy", help="deploy a published site (s3: to an S3-compatible bucket)",
                                    description="Deploy what `make publish` built.")
    targets = deploy.add_subparsers(title="targets", metavar="TARGET", required=True)
    parser = targets.add_parser("s3", help="sync output/ to an S3-compatible bucket", description=DESCRIPTION,
                                epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    env = os.environ
    parser.add_argument("--output", type=Path, default=Path("output"), metavar="DIR",
                        help="the published site to upload (default: %(default)s)")
    parser.add_argument("--bucket", default=env.get("S3_BUCKET"), help="the bucket (default: $S3_BUCKET)")
    parser.add_argument("--prefix", default=env.get("S3_PREFIX", ""),
                        help="a folder in the bucket to publish under (default: $S3_PREFIX, the bucket's root)")
    parser.add_argument("--endpoint-url", default=env.get("S3_ENDPOINT_URL") or None, metavar="URL",
                        help="the service's address, for services other than AWS (default: $S3_ENDPOINT_URL)")
    parser.add_argument("--region", default=None,
                        help="the region (default: AWS_DEFAULT_REGION or the profile's)")
    parser.add_argument("--dry-run", action="store_true", default=None,
                        help="print what would be uploaded and deleted, and change nothing (default: $DRY_RUN)")
    parser.add_argument("--precompressed", action="store_true", default=None,
                        help="also upload the .gz and .br copies `make publish` writes, each with its "
                             "Content-Encoding, for a CDN rule that serves them by Accept-Encoding; "
                             "without it, compression is left to the CDN (default: $S3_PRECOMPRESSED)")
    parser.add_argument("--force", action="store_true",
                        help="upload every file even when its content is unchanged (after changing headers)")
    parser.add_argument("--purge-command", default=env.get("S3_PURGE_COMMAND") or None, metavar="CMD",
                        help="run CMD after the upload with every changed URL path as arguments (and one a "
                             "line on its input), e.g. a CDN invalidation (default: $S3_PURGE_COMMAND)")
    parser.set_defaults(run=lambda args: run(args, parser))


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    try:
        dry_run = flag(os.environ.get("DRY_RUN"), "DRY_RUN") if args.dry_run is None else True
        precompressed = (flag(os.environ.get("S3_PRECOMPRESSED"), "S3_PRECOMPRESSED")
                         if args.precompressed is None else True)
    except ValueError as err:
        parser.error(str(err))
    if not args.bucket:
        parser.error("no bucket: set S3_BUCKET (or pass --bucket)")
    if not (args.output / "index.html").is_file():
        parser.error(f"{args.output}/ holds no published site: run `make publish` first")
    prefix = args.prefix.strip("/") + "/" if args.prefix.strip("/") else ""
    target = Target(args.bucket, prefix, args.endpoint_url, args.region)

    def say(line: str) -> None:
        print(line, flush=True)

    try:
        files = local_files(args.output, precompressed)
        say(f"comparing {len(files)} file(s) of {args.output}/ with {target.describe()}")
        s3 = client(target)
        plan = make_plan(files, remote_objects(s3, target), prefix, force=args.force)
        new = sum(1 for why, _ in plan.uploads if why == "new")
        summary = (f"{new} new, {len(plan.uploads) - new} changed, {len(plan.deletions)} to delete, "
                   f"{plan.unchanged} unchanged")
        if dry_run:
            for why, one in plan.uploads:
                say(f"  {'+' if why == 'new' else '~'} {prefix}{one.path}")
            for key in plan.deletions:
                say(f"  - {key}")
            say(f"dry run, nothing changed: {summary}")
            return 0
        apply(plan, s3, target, say)
        say(f"deployed to {target.describe()}: {summary}")
        if args.purge_command and not plan.empty:
            purge(shlex.split(args.purge_command), plan.changed_paths(), say)
    except DeployError as err:
        print(f"briefing deploy s3: {err}", file=sys.stderr)
        return 1
    except Exception as err:  # noqa: BLE001 - boto3's errors become one line that says what to check
        print(f"briefing deploy s3: {explain(err, target)} (objects are deleted only after every upload succeeded)",
              file=sys.stderr)
        return 1
    return 0
