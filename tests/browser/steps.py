"""Steps several journeys share: signing in, with the authenticator code when staff need one."""

import time

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from tests.factories import DEFAULT_PASSWORD


def totp_now(secret: str) -> str:
    """The code an authenticator app shows now for `secret`, taken early enough in its period
    that the server still accepts it when the form arrives."""
    period = mfa_settings.TOTP_PERIOD
    left = period - time.time() % period
    if left < 5:
        time.sleep(left + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // period))


def sign_in(page, check, *, email: str, password: str = DEFAULT_PASSWORD, secret: str = ""):
    """Sign in through the form; with `secret`, answer the authenticator code page too."""
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    if secret:
        page.wait_for_url("**/accounts/2fa/authenticate/")
        check(page, "mfa-authenticate")
        page.get_by_label("Code").fill(totp_now(secret))
        page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/accounts/" not in url)
