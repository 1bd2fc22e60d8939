"""Checks run on every page a journey visits: axe-core at WCAG 2.2 A and AA, and no sideways
scrolling at 320 CSS pixels (WCAG 1.4.10 Reflow)."""

import functools
import re
from pathlib import Path

from django.core import mail

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
NARROW = 320
WIDE = {"width": 1280, "height": 900}

AXE_RUN = """async (tags) => {
  const results = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  return results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary})),
  }));
}"""

# The elements sticking out past the right edge, deepest first, to say what to fix; those
# inside a box that scrolls by itself (a wide table's wrapper) don't widen the page.
OVERFLOWING = """(width) => {
  const scrolls = (el) => {
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      const x = getComputedStyle(up).overflowX;
      if ((x === 'auto' || x === 'scroll' || x === 'hidden') &&
          getComputedStyle(el).position !== 'absolute') return true;
    }
    return false;
  };
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (scrolls(el)) continue;
    const box = el.getBoundingClientRect();
    if (box.right > width + 1 && box.width > 0) {
      let inside = false;
      for (const child of el.children) {
        if (child.getBoundingClientRect().right > width + 1) { inside = true; break; }
      }
      if (!inside) {
        const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
          (el.className && typeof el.className === 'string'
            ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
        out.push(`${name} (right edge ${Math.round(box.right)}px): ` +
          (el.textContent || '').trim().slice(0, 60));
      }
    }
  }
  return out.slice(0, 10);
}"""

FOCUS_STYLE = """(el) => {
  const style = getComputedStyle(el);
  return {
    tag: el.tagName.toLowerCase(), id: el.id,
    text: (el.textContent || el.value || '').trim().slice(0, 40),
    focusVisible: el.matches(':focus-visible'),
    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
    shadow: style.boxShadow !== 'none',
    background: style.backgroundColor,
  };
}"""


def axe_violations(page) -> list[dict]:
    # The portal's CSP refuses inline scripts, and add_script_tag(path=...) adds one; evaluating
    # the source through the DevTools protocol runs it without loosening the page's policy.
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_source())
    return page.evaluate(AXE_RUN, AXE_TAGS)


@functools.cache
def _axe_source() -> str:
    return AXE.read_text() + "\n;true"


def describe_violations(where: str, violations: list[dict]) -> str:
    lines = [f"axe found {len(violations)} WCAG 2.2 A/AA violation(s) on {where}:"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']} "
            f"<{violation['helpUrl']}>"
        )
        for node in violation["nodes"][:8]:
            summary = " ".join(node["summary"].split())
            lines.append(f"    at {node['target']}: {summary[:300]}")
    return "\n".join(lines)


def assert_accessible(page, where: str = "") -> None:
    """Fail with every axe violation at WCAG 2.2 A and AA on the page as it stands."""
    where = where or page.url
    violations = axe_violations(page)
    assert not violations, describe_violations(where, violations)


def assert_reflows(page, where: str = "") -> None:
    """At 320 px wide the page scrolls only up and down (WCAG 1.4.10)."""
    where = where or page.url
    page.set_viewport_size({"width": NARROW, "height": 800})
    try:
        page.wait_for_function(f"window.innerWidth === {NARROW}")
        # NHS.UK's header moves links that no longer fit into its "More" menu on the next frame.
        page.evaluate(
            "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
        )
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > NARROW:
            culprits = page.evaluate(OVERFLOWING, NARROW)
            raise AssertionError(
                f"{where} scrolls sideways at {NARROW}px: scrollWidth is {width}px. "
                "Sticking out:\n  " + "\n  ".join(culprits)
            )
    finally:
        page.set_viewport_size(WIDE)


class PageChecks:
    """Runs the accessibility and reflow checks on each page a journey reaches, once per URL
    path and state, and keeps a screenshot of each."""

    def __init__(self, output_dir: Path):
        self.output_dir = output_dir
        self.visited: list[str] = []

    def __call__(self, page, name: str, *, screenshot: bool = True) -> None:
        page.wait_for_load_state("load")
        assert_accessible(page, f"{name} ({page.url})")
        assert_reflows(page, f"{name} ({page.url})")
        if screenshot:
            page.screenshot(path=str(self.output_dir / f"{len(self.visited):02d}-{name}.png"))
        self.visited.append(name)


def assert_focus_visible(page) -> dict:
    """The focused element shows where focus is (an outline, a shadow or the yellow fill)."""
    state = page.evaluate(f"({FOCUS_STYLE})(document.activeElement)")
    assert state["focusVisible"], f"focus is not visible on {state}"
    assert state["outline"] or state["shadow"] or state["background"] == "rgb(255, 235, 59)", (
        f"no focus indicator on {state}"
    )
    return state


def link_from_mail(*, to: str, pattern: str) -> str:
    """The path of the last link matching `pattern` in the last email sent to `to`."""
    for message in reversed(mail.outbox):
        if to in message.to:
            found = re.findall(pattern, message.body)
            if found:
                return re.sub(r"^https?://[^/]+", "", found[-1])
    raise AssertionError(
        f"no email to {to} with a link like {pattern}; "
        f"outbox: {[(m.to, m.subject) for m in mail.outbox]}"
    )
