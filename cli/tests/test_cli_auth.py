"""rr auth and rr config: sessions on disk, refresh, policy and lockout messages, MFA, password."""

from __future__ import annotations

import stat
import threading
import time
from pathlib import Path

import httpx

from cli.tests.support import PASSWORD, Cli, new_cli, signed_up, totp, unique
from rr_cli.client import ApiClient
from rr_cli.errors import CliError
from rr_cli.tokens import TokenStore


class TestSessionStorage:
    def test_the_session_file_is_readable_by_the_owner_only(self, user: Cli, api_url: str) -> None:
        assert stat.S_IMODE(user.token_file.stat().st_mode) == 0o600
        assert stat.S_IMODE(user.config_dir.stat().st_mode) == 0o700
        entry = user.session()
        assert entry["username"] == user.username and entry["refresh_token"]
        assert user.json("auth", "whoami")["username"] == user.username

    def test_a_token_close_to_expiry_is_refreshed_before_the_request(self, user: Cli) -> None:
        before = user.session()
        user.edit_session(expires_at=time.time() + 5)
        user("auth", "whoami").ok()
        after = user.session()
        assert after["access_token"] != before["access_token"]
        assert after["refresh_token"] != before["refresh_token"]  # rotated
        assert after["expires_at"] > time.time() + 60
        assert stat.S_IMODE(user.token_file.stat().st_mode) == 0o600

    def test_clients_refreshing_at_once_do_not_revoke_each_other(self, user: Cli, api_url: str) -> None:
        # Refresh tokens rotate and a reused one revokes the session: the file lock makes the
        # late ones pick up the fresh pair instead of spending the old token again.
        user.edit_session(expires_at=time.time() + 5)
        store = TokenStore(user.config_dir)
        start = threading.Barrier(4)
        outcomes: list[object] = []

        def refresh() -> None:
            client = ApiClient(api_url, store, 30)
            try:
                start.wait()
                outcomes.append(client.get("/users/me")["username"])
            except CliError as exc:
                outcomes.append(exc)
            finally:
                client.close()

        threads = [threading.Thread(target=refresh) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert outcomes == [user.username] * 4
        assert user.json("auth", "whoami")["username"] == user.username

    def test_a_401_refreshes_once_and_retries(self, user: Cli) -> None:
        user.edit_session(access_token="not-a-token", expires_at=time.time() + 3600)
        assert user.json("auth", "whoami")["username"] == user.username
        assert user.session()["access_token"] != "not-a-token"

    def test_a_dead_refresh_token_asks_to_sign_in_again_and_forgets_the_session(self, user: Cli) -> None:
        user.edit_session(
            access_token="not-a-token", refresh_token="not-a-refresh-token", expires_at=time.time() + 3600
        )
        line = user("reservations", "list").fails(1).one_error_line()
        assert "has ended" in line and "rr auth login" in line
        assert user("auth", "whoami").fails(1).one_error_line().endswith("run `rr auth login`.")

    def test_logout_revokes_the_refresh_token_on_the_server(self, user: Cli, api_url: str) -> None:
        refresh_token = user.session()["refresh_token"]
        assert "Signed out" in user("auth", "logout").ok().out
        answer = httpx.post(f"{api_url}/api/v1/token/refresh", json={"refresh_token": refresh_token}, timeout=30)
        assert answer.status_code == 401
        assert "not signed in" in user("auth", "whoami").fails(1).one_error_line()

    def test_sessions_are_kept_per_server(self, user: Cli) -> None:
        elsewhere = user.json("--api-url", "http://127.0.0.1:9/api/v1", "config", "show")
        assert elsewhere["settings"]["api_url"] == "http://127.0.0.1:9" and elsewhere["signed_in_as"] is None
        assert elsewhere["api_url_source"] == "--api-url"
        assert user.json("config", "show")["signed_in_as"] == user.username


class TestSignUpAndSignIn:
    def test_every_broken_password_rule_is_listed_on_one_line(self, api_url: str, tmp_path: Path) -> None:
        cli = new_cli(tmp_path, api_url)
        line = cli("auth", "register", unique("weak"), "--password", "short").fails(1).one_error_line()
        for rule in ("at least 10 characters", "upper-case", "digit", "special character"):
            assert rule in line
        assert not cli.token_file.exists()

    def test_a_taken_username_is_refused(self, user: Cli, api_url: str, tmp_path: Path) -> None:
        line = (
            new_cli(tmp_path, api_url)("auth", "register", user.username, "--password", PASSWORD)
            .fails(1)
            .one_error_line()
        )
        assert "already taken" in line

    def test_wrong_password_then_lockout_with_the_remaining_time(self, user: Cli, api_url: str, tmp_path: Path) -> None:
        other = new_cli(tmp_path, api_url)
        lines = [
            other("auth", "login", user.username, "--password", "Wrong-Pass-1!").fails(1).one_error_line()
            for _ in range(5)
        ]
        assert "rr auth login" not in lines[0]  # a failed sign-in is not told to sign in
        assert "locked" in lines[-1] and "try again in" in lines[-1] and "minutes" in lines[-1]
        refused = other("auth", "login", user.username, "--password", PASSWORD).fails(1).one_error_line()
        assert "locked" in refused and "try again in" in refused
        assert not other.token_file.exists()

    def test_password_from_stdin_and_prompt(self, api_url: str, tmp_path: Path) -> None:
        cli = new_cli(tmp_path, api_url)
        name = unique("piped")
        cli("auth", "register", name, "--password-stdin", input=f"{PASSWORD}\n").ok()
        cli("auth", "login", name, input=f"{PASSWORD}\n").ok()
        assert cli.json("auth", "whoami")["username"] == name
        missing = new_cli(tmp_path, api_url)("auth", "login", name, input="").fails(1).one_error_line()
        assert "--password" in missing


class TestTwoFactor:
    def test_enrol_sign_in_with_a_prompted_code_and_disable(self, user: Cli) -> None:
        enrolment = user.json("auth", "mfa", "setup", "--qr", str(user.home / "qr.png"))
        assert (user.home / "qr.png").read_bytes().startswith(b"\x89PNG")
        secret, backup = enrolment["secret"], enrolment["backup_codes"]
        user("auth", "mfa", "verify", totp(secret)).ok()
        assert user.json("auth", "whoami")["mfa_enabled"] is True

        # Signing in now needs a code: asked for when --otp is missing (the next 30 s step's code).
        user("auth", "logout").ok()
        user("auth", "login", user.username, "--password", PASSWORD, input=totp(secret, time.time() + 30) + "\n").ok()
        assert user.json("auth", "whoami")["username"] == user.username
        # Without a terminal answer, the refusal says what to pass.
        user("auth", "logout").ok()
        line = user("auth", "login", user.username, "--password", PASSWORD, input="").fails(1).one_error_line()
        assert "--otp" in line
        # A backup code works once.
        user("auth", "login", user.username, "--password", PASSWORD, "--otp", backup[0]).ok()
        reused = (
            user("auth", "login", user.username, "--password", PASSWORD, "--otp", backup[0]).fails(1).one_error_line()
        )
        assert "not valid" in reused

        assert "off" in user("auth", "mfa", "disable", backup[1]).ok().out
        user("auth", "logout").ok()
        user("auth", "login", user.username, "--password", PASSWORD).ok()
        assert user.json("auth", "whoami")["mfa_enabled"] is False

    def test_a_wrong_code_does_not_turn_it_on(self, user: Cli) -> None:
        user.json("auth", "mfa", "setup")
        line = user("auth", "mfa", "verify", "000000").fails(1).one_error_line()
        assert "code" in line.lower()
        assert user.json("auth", "whoami")["mfa_enabled"] is False


class TestPasswordChange:
    def test_change_keeps_this_terminal_signed_in_and_retires_the_old_password(
        self, user: Cli, api_url: str, tmp_path: Path
    ) -> None:
        wrong = (
            user("auth", "password", "change", "--current", "Nope-Nope-123!", "--new", "Fresh-Horse-77!")
            .fails(1)
            .one_error_line()
        )
        assert "current password is not correct" in wrong
        weak = user("auth", "password", "change", "--current", PASSWORD, "--new", "weak").fails(1).one_error_line()
        assert "at least 10 characters" in weak
        done = user("auth", "password", "change", "--current", PASSWORD, "--new", "Fresh-Horse-77!").ok()
        assert "Password changed" in done.out
        assert user.json("auth", "whoami")["username"] == user.username
        other = new_cli(tmp_path, api_url)
        other("auth", "login", user.username, "--password", PASSWORD).fails(1)
        other("auth", "login", user.username, "--password", "Fresh-Horse-77!").ok()


class TestConfig:
    def test_set_show_unset_and_bad_values(self, api_url: str, tmp_path: Path) -> None:
        cli = new_cli(tmp_path, api_url)
        cli("config", "set", "timeout", "12.5").ok()
        cli("config", "set", "all_threshold", "40").ok()
        shown = cli.json("config", "show")
        assert shown["settings"]["timeout"] == 12.5 and shown["settings"]["all_threshold"] == 40
        assert shown["api_url_source"] == "RR_API_URL"
        assert "must start with http" in cli("config", "set", "api_url", "ftp://x").fails(1).one_error_line()
        assert "Unknown setting" in cli("config", "set", "colour", "red").fails(1).one_error_line()
        assert "not a valid float" in cli("config", "set", "timeout", "soon").fails(1).one_error_line()
        cli("config", "unset", "timeout").ok()
        assert cli.json("config", "show")["settings"]["timeout"] == 30.0
        assert stat.S_IMODE((cli.config_dir / "config.json").stat().st_mode) == 0o600

    def test_the_server_comes_from_the_config_file_without_the_environment(self, api_url: str, tmp_path: Path) -> None:
        cli = new_cli(tmp_path, api_url)
        cli("config", "set", "api_url", api_url + "/api/v1/").ok()
        shown = cli.json("config", "show", env={"RR_API_URL": ""})
        assert shown["settings"]["api_url"] == api_url and shown["api_url_source"] == "config file"

    def test_an_unreachable_server_is_one_line(self, api_url: str, tmp_path: Path) -> None:
        cli = signed_up(tmp_path, api_url)
        line = cli("--api-url", "http://127.0.0.1:9", "system", "status").fails(1).one_error_line()
        assert "Cannot reach the server at http://127.0.0.1:9" in line
