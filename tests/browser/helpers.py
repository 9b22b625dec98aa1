"""What every browser test does: visit a page, check it with axe, read the menu, sign in."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import PASSWORD, totp_code

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# The sign-in form's first label ("Email" in allauth's words, "Email address" in the academy's).
EMAIL_LABEL = re.compile(r"^Email( address)?$")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def _format_violations(url: str, violations: list[dict]) -> str:
    lines = [f"axe found {len(violations)} WCAG 2.2 A/AA violation(s) on {url}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation.get('impact')}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"][:10]:
            lines.append(f"    at {', '.join(map(str, node['target']))}: {node['html'][:200]}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            if summary:
                lines.append(f"      {summary[:300]}")
        if len(violation["nodes"]) > 10:
            lines.append(f"    ... and {len(violation['nodes']) - 10} more")
    return "\n".join(lines)


def check(page) -> None:
    """Assert the page as it is now has no WCAG 2.2 A or AA failures that axe can find."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE_JS))
    results = page.evaluate(
        """tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})
            .then(r => ({url: r.url, violations: r.violations}))""",
        WCAG_TAGS,
    )
    assert not results["violations"], _format_violations(results["url"], results["violations"])


def visit_and_check(page, path: str, *, status: int = 200):
    """Open a path on the live server, assert the final response's status, and run axe."""
    response = page.goto(path)
    assert response is not None, f"No response for {path}"
    assert response.status == status, f"{path} answered {response.status}, expected {status}"
    check(page)
    return response


def navigation_links(page) -> list[str]:
    """The texts of the links in the site menu, in order."""
    return [text.strip() for text in page.locator("#navigation a").all_inner_texts()]


def submit(page, button: str) -> None:
    """Press a form's button, wait for the page it leads to, and check that page with axe."""
    with page.expect_navigation():
        page.get_by_role("button", name=button, exact=True).click()
    check(page)


def follow(page, link: str) -> None:
    """Follow a link (or a link styled as a button), wait for the new page, and check it."""
    target = page.get_by_role("link", name=link, exact=True).or_(
        page.get_by_role("button", name=link, exact=True)
    )
    with page.expect_navigation():
        target.first.click()
    check(page)


def totp_secret(person) -> str:
    """The secret of the person's authenticator app, as the app would hold it."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.utils import decrypt

    authenticator = Authenticator.objects.get(user=person, type=Authenticator.Type.TOTP)
    return decrypt(authenticator.data["secret"])


def fill_sign_in_form(page, email: str, password: str) -> None:
    page.get_by_label(EMAIL_LABEL).fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    submit(page, "Sign in")


def sign_in(page, person, password: str = PASSWORD) -> bool:
    """Sign in through the real sign-in form, checking each page on the way.

    People with an authenticator app are then asked for its code, which is entered as they
    would. Returns whether the code was asked for.
    """
    visit_and_check(page, "/accounts/login/")
    fill_sign_in_form(page, person.email, password)
    if "/accounts/2fa/authenticate/" not in page.url:
        return False
    page.get_by_label("Code", exact=True).fill(totp_code(totp_secret(person)))
    submit(page, "Sign In")
    return True
