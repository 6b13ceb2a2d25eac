"""Credentials reach the server and nothing else: not the output, not errors, not other hosts.

Every test that handles a secret collects all text kg produced (stdout, stderr, the exception's
str and repr, its formatted traceback) and checks that neither the password nor the encoded
Authorization header appears anywhere.
"""

from __future__ import annotations

import base64
import traceback

import pytest
import rdflib
from click.testing import CliRunner

from kg.cli import main
from kg.errors import EndpointError
from kg.push import Credentials, find_credentials, push_graph
from kg.store import load_files
from tests.export.conftest import SMALL, assert_isomorphic
from tests.push.conftest import Reply, require_basic_auth, server_graph

USER = "analyst"
PASSWORD = "pa55-W0rd-that-must-never-show"
WRONG = "wr0ng-pa55-that-must-never-show"


def secrets_of(*passwords: str) -> list[str]:
    values = []
    for password in passwords:
        token = base64.b64encode(f"{USER}:{password}".encode()).decode()
        values += [password, token, token[:16]]
    return values


def assert_no_secret(texts, *passwords: str) -> None:
    for text in texts:
        for secret in secrets_of(*passwords):
            assert secret not in text, f"a secret leaked into: {text[:300]}"


def exception_texts(exc: BaseException) -> list[str]:
    return [str(exc), repr(exc), "".join(traceback.format_exception(exc))]


@pytest.fixture
def no_netrc(tmp_path):
    """An environment with no credentials and a netrc path that does not exist."""
    return {"NETRC": str(tmp_path / "no-netrc")}


def test_credentials_from_the_environment_reach_the_server_and_are_never_printed(oxigraph_server, make_proxy,
                                                                                 tmp_path):
    proxy = make_proxy(oxigraph_server, require_basic_auth(USER, PASSWORD))
    env = {"KG_ENDPOINT_USER": USER, "KG_ENDPOINT_PASSWORD": PASSWORD, "NETRC": str(tmp_path / "none")}

    result = CliRunner(env=env).invoke(main, ["push", "--endpoint", proxy.url, "--data", str(SMALL),
                                              "--graph", "https://example.org/g"])

    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr.startswith("pushed ")
    assert_no_secret([result.stdout, result.stderr], PASSWORD)
    assert len(server_graph(oxigraph_server, "https://example.org/g")) > 0


def test_a_wrong_password_is_reported_without_showing_it(oxigraph_server, make_proxy, tmp_path):
    proxy = make_proxy(oxigraph_server, require_basic_auth(USER, PASSWORD))
    env = {"KG_ENDPOINT_USER": USER, "KG_ENDPOINT_PASSWORD": WRONG, "NETRC": str(tmp_path / "none")}

    result = CliRunner(env=env).invoke(main, ["push", "--endpoint", proxy.url, "--data", str(SMALL),
                                              "--replace"])

    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ") and "HTTP 401" in result.stderr
    assert "KG_ENDPOINT_USER" in result.stderr  # says how to give credentials
    # The server echoed the header it got; kg shows it redacted.
    assert "Authorization: ***" in result.stderr
    assert_no_secret([result.stdout, result.stderr, repr(result.exception)], PASSWORD, WRONG)

    with pytest.raises(EndpointError) as caught:
        push_graph(load_files([SMALL]), proxy.url, environ={"KG_ENDPOINT_USER": USER,
                                                            "KG_ENDPOINT_PASSWORD": WRONG}, backoff=0.01)
    assert_no_secret(exception_texts(caught.value), PASSWORD, WRONG)


def test_credentials_from_a_netrc_file(oxigraph_server, make_proxy, tmp_path):
    proxy = make_proxy(oxigraph_server, require_basic_auth(USER, PASSWORD))
    netrc_file = tmp_path / "netrc"
    netrc_file.write_text(f"machine 127.0.0.1\n  login {USER}\n  password {PASSWORD}\n", encoding="utf-8")
    netrc_file.chmod(0o600)

    result = push_graph(load_files([SMALL]), proxy.url, environ={"NETRC": str(netrc_file)})

    assert result.triples > 0
    assert_isomorphic(server_graph(oxigraph_server), server_graph(proxy.upstream))
    credentials = find_credentials(proxy.url, {"NETRC": str(netrc_file)})
    assert credentials.user == USER and credentials.source == str(netrc_file)
    assert_no_secret([str(credentials), repr(credentials)], PASSWORD)


def test_a_broken_netrc_file_is_reported_without_quoting_it(tmp_path):
    netrc_file = tmp_path / "netrc"
    netrc_file.write_text(f"machine 127.0.0.1 login {USER} password {PASSWORD} {PASSWORD}x\n",
                          encoding="utf-8")

    with pytest.raises(EndpointError, match="cannot read this netrc file") as caught:
        find_credentials("http://127.0.0.1:1/", {"NETRC": str(netrc_file)})
    assert_no_secret(exception_texts(caught.value), PASSWORD)


def test_credentials_can_be_asked_for_when_the_server_wants_them(oxigraph_server, make_proxy, no_netrc):
    proxy = make_proxy(oxigraph_server, require_basic_auth(USER, PASSWORD))
    asked = []

    def prompt():
        asked.append(True)
        return USER, PASSWORD

    result = push_graph(load_files([SMALL]), proxy.url, environ=no_netrc, prompt=prompt)

    assert asked == [True] and result.triples > 0
    assert [seen.headers.get("Authorization") is not None for seen in proxy.seen] == [False, True]


def test_a_password_in_the_url_is_refused_and_not_repeated():
    for url in (f"http://{USER}:{PASSWORD}@127.0.0.1:1/", f"https://{USER}:{PASSWORD}@db.example.org/ds"):
        with pytest.raises(EndpointError, match="holds a user name or password") as caught:
            push_graph(load_files([SMALL]), url)
        assert_no_secret(exception_texts(caught.value), PASSWORD)

    result = CliRunner().invoke(main, ["push", "--endpoint", f"http://{USER}:{PASSWORD}@127.0.0.1:1/",
                                       "--data", str(SMALL)])
    assert result.exit_code == 2
    assert_no_secret([result.stdout, result.stderr], PASSWORD)


def test_credentials_are_not_sent_in_clear_text_to_another_machine():
    # 192.0.2.1 is TEST-NET-1: nothing answers there, and nothing is tried either.
    environ = {"KG_ENDPOINT_USER": USER, "KG_ENDPOINT_PASSWORD": PASSWORD}

    with pytest.raises(EndpointError, match="refusing to send credentials in clear text") as caught:
        push_graph(load_files([SMALL]), "http://192.0.2.1:7878", environ=environ, timeout=1)
    assert_no_secret(exception_texts(caught.value), PASSWORD)


def test_redirects_are_not_followed(oxigraph_server, make_proxy, tmp_path):
    proxy = make_proxy(oxigraph_server, lambda seen, proxy: Reply(
        307, b"moved", {"Location": f"{proxy.upstream}{seen.path}"}))
    environ = {"KG_ENDPOINT_USER": USER, "KG_ENDPOINT_PASSWORD": PASSWORD, "NETRC": str(tmp_path / "none")}

    with pytest.raises(EndpointError, match="HTTP 307.*a redirect to http://127.0.0.1") as caught:
        push_graph(load_files([SMALL]), proxy.url, environ=environ, backoff=0.01)

    assert_no_secret(exception_texts(caught.value), PASSWORD)
    assert len(server_graph(oxigraph_server)) == 0  # nothing reached the real server


def test_https_certificates_are_verified_unless_insecure_is_asked(oxigraph_server, make_proxy,
                                                                   self_signed_certificate, monkeypatch,
                                                                   no_netrc):
    proxy = make_proxy(oxigraph_server, tls=self_signed_certificate)
    store = load_files([SMALL])

    with pytest.raises(EndpointError, match="CERTIFICATE_VERIFY_FAILED.*--insecure turns") as caught:
        push_graph(store, proxy.url, environ=no_netrc)
    assert "attempts" not in str(caught.value)  # a certificate failure is not retried
    assert len(server_graph(oxigraph_server)) == 0

    result = push_graph(store, proxy.url, environ=no_netrc, insecure=True)
    assert result.triples == len(server_graph(oxigraph_server))

    # Verification itself works: trusting the certificate makes the same push succeed.
    monkeypatch.setenv("SSL_CERT_FILE", str(self_signed_certificate[0]))
    assert push_graph(store, proxy.url, graph="https://example.org/g", environ=no_netrc).triples > 0


def test_credentials_never_show_in_their_own_repr():
    credentials = Credentials("Basic", USER, PASSWORD, source="test")
    assert_no_secret([repr(credentials), str(credentials)], PASSWORD)
    assert credentials.header().startswith("Basic ")


def test_the_same_rows_come_back_from_the_server_as_from_the_file(oxigraph_server, tmp_path):
    """After a push, `kg query --endpoint` answers every saved query as `kg query --data` does."""
    from kg.query import list_saved_queries

    runner = CliRunner()
    exported = tmp_path / "graph.nt"
    assert runner.invoke(main, ["export", "--data", str(SMALL), "-o", str(exported), "-q"]).exit_code == 0
    pushed = runner.invoke(main, ["push", "--endpoint", oxigraph_server, "--data", str(exported), "-q"])
    assert pushed.exit_code == 0, pushed.stderr
    assert pushed.stdout == "" and pushed.stderr == ""

    compared = 0
    for saved in list_saved_queries():
        local = runner.invoke(main, ["query", saved.name, "--data", str(exported), "--format", "csv"])
        if local.exit_code != 0:
            continue  # a query that needs a parameter with no default
        remote = runner.invoke(main, ["query", saved.name, "--endpoint", f"{oxigraph_server}/query",
                                      "--format", "csv"])
        assert remote.exit_code == 0, remote.stderr
        assert sorted(remote.stdout.splitlines()) == sorted(local.stdout.splitlines()), saved.name
        compared += 1
    assert compared >= 3
    assert_isomorphic(server_graph(oxigraph_server), rdflib.Graph().parse(exported, format="nt"))
