"""`make serve`'s server (briefing/serve.py): the site's own 404 page for unknown addresses, Pelican's behaviour otherwise."""

from __future__ import annotations

import http.client
import threading

import pytest

from briefing.serve import main, make_server


@pytest.fixture(scope="module")
def server(site):
    httpd = make_server(site, "127.0.0.1", 0)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield httpd.server_address[1]
    httpd.shutdown()
    httpd.server_close()


def fetch(port: int, path: str, method: str = "GET"):
    """Status, headers (any case) and body of one request."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request(method, path)
    response = connection.getresponse()
    return response.status, response.headers, response.read()


@pytest.mark.parametrize("path", ["/no-such-page/", "/2025/no-such-briefing/", "/missing.css?v=1"])
def test_an_unknown_address_gets_the_sites_404_page(server, site, path):
    status, headers, body = fetch(server, path)
    assert status == 404
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert body == (site / "404.html").read_bytes()
    status, _, body = fetch(server, path, "HEAD")
    assert status == 404 and body == b""


def test_known_addresses_and_the_icons_are_served_as_pelican_serves_them(server, site):
    for path in ("/", "/about/", "/favicon.ico", "/apple-touch-icon.png", "/feeds/all.atom.xml"):
        status, _, body = fetch(server, path)
        assert status == 200, path
        assert body, path
    status, headers, _ = fetch(server, "/favicon.svg")
    assert status == 200 and headers["Content-Type"] == "image/svg+xml"


def test_a_folder_without_a_built_site_is_a_clear_error(tmp_path, capsys):
    with pytest.raises(SystemExit) as exited:
        main([str(tmp_path / "nothing-here")])
    assert exited.value.code == 2
    assert "run `make html` first" in capsys.readouterr().err
