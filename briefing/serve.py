"""`make serve`: Pelican's development server, answering an unknown address with the site's 404 page.

Pelican's own handler (``pelican --listen``) closes the connection without a
word when no file matches, so a mistyped link shows the browser's error, not
the page the site ships for it (``404.html``, which nginx serves in
production). This subclass sends that page with status 404, and keeps
everything else of Pelican's: its clean URLs, its MIME types, its logging.

    python -m briefing.serve [-b 127.0.0.1] [-p 8000] [output]
"""

from __future__ import annotations

import argparse
import http.server
import logging
from pathlib import Path

from pelican.log import init as init_logging
from pelican.server import ComplexHTTPRequestHandler, RootedHTTPServer

log = logging.getLogger(__name__)

NOT_FOUND_PAGE = "404.html"


class SiteRequestHandler(ComplexHTTPRequestHandler):
    """Pelican's handler, with the site's own page for a 404."""

    def _found(self) -> bool:
        """Point ``self.path`` at the file Pelican's clean URLs lead to; else answer 404."""
        found = self.get_path_that_exists(self.path.split("?", 1)[0])
        if found:
            self.path = found
        else:
            self.send_error(404)
        return bool(found)

    def do_GET(self) -> None:
        if self._found():
            http.server.SimpleHTTPRequestHandler.do_GET(self)

    def do_HEAD(self) -> None:
        if self._found():
            http.server.SimpleHTTPRequestHandler.do_HEAD(self)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.base_path) / NOT_FOUND_PAGE
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404, message)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def make_server(output: Path, bind: str = "127.0.0.1", port: int = 8000) -> RootedHTTPServer:
    RootedHTTPServer.allow_reuse_address = True
    return RootedHTTPServer(str(output), (bind, port), SiteRequestHandler)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m briefing.serve",
        description="Serve a built site (make html) on this machine; unknown addresses get the site's 404 page.",
    )
    parser.add_argument("output", nargs="?", default="output", type=Path, help="the built site (default: output)")
    parser.add_argument("-b", "--bind", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    parser.add_argument("-p", "--port", default=8000, type=int, help="port to listen on (default: 8000)")
    args = parser.parse_args(argv)
    if not args.output.is_dir():
        parser.error(f"{args.output}: no built site here; run `make html` first")
    init_logging(level=logging.INFO)
    server = make_server(args.output.resolve(), args.bind, args.port)
    log.info("Serving %s at http://%s:%s/", args.output, args.bind, server.server_address[1])
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        log.info("Shutting down server.")
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
