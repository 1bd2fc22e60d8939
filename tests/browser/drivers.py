"""Two ways to work a page: with the mouse (Playwright's actions) or with the keyboard only
(Tab, Shift+Tab, arrows, Enter, Space and typing), so one journey script runs both ways."""

from datetime import date

from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.browser.checks import assert_focus_visible

MAX_TABS = 150

IS_ACTIVE = "el => el === document.activeElement"
# True when `el` comes before the focused element, so Shift+Tab reaches it sooner.
IS_BEHIND = """el => {
  const active = document.activeElement;
  if (!active || active === document.body) return false;
  return Boolean(active.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_PRECEDING);
}"""


class MouseDriver:
    keyboard_only = False

    def __init__(self, page):
        self.page = page

    def fill(self, locator, text: str) -> None:
        locator.fill(text)

    def choose(self, radio) -> None:
        radio.check()

    def tick(self, checkbox) -> None:
        checkbox.check()

    def select(self, select, label: str) -> None:
        select.select_option(label=label)

    def date(self, group, value: date) -> None:
        self.fill(group.get_by_label("Day"), str(value.day))
        self.fill(group.get_by_label("Month"), str(value.month))
        self.fill(group.get_by_label("Year"), str(value.year))

    def click(self, locator) -> None:
        locator.click()

    def upload(self, file_input, path) -> None:
        file_input.set_input_files(str(path))


class KeyboardDriver(MouseDriver):
    """Reaches each control by tabbing to it and checks focus is visible when it gets there."""

    keyboard_only = True

    def __init__(self, page):
        super().__init__(page)
        self.presses = 0

    def _press(self, key: str) -> None:
        self.page.keyboard.press(key)
        self.presses += 1

    def focus(self, locator) -> None:
        locator.wait_for(state="visible")
        if locator.evaluate(IS_ACTIVE):
            return
        key = "Shift+Tab" if locator.evaluate(IS_BEHIND) else "Tab"
        for _ in range(MAX_TABS):
            self._press(key)
            if locator.evaluate(IS_ACTIVE):
                assert_focus_visible(self.page)
                return
        raise AssertionError(f"{MAX_TABS} presses of {key} never reached {locator}")

    def _focus_group(self, radio) -> None:
        """Tab into the radio group (focus lands on its checked or first radio)."""
        name = radio.get_attribute("name")
        in_group = f"() => document.activeElement && document.activeElement.name === {name!r}"
        if self.page.evaluate(in_group):
            return
        key = "Shift+Tab" if radio.evaluate(IS_BEHIND) else "Tab"
        for _ in range(MAX_TABS):
            self._press(key)
            if self.page.evaluate(in_group):
                assert_focus_visible(self.page)
                return
        raise AssertionError(f"Tab never reached the radios named {name}")

    def fill(self, locator, text: str) -> None:
        self.focus(locator)
        self._press("Control+A")
        self._press("Delete")
        self.page.keyboard.type(text)

    def choose(self, radio) -> None:
        self._focus_group(radio)
        for _ in range(30):
            if radio.evaluate(IS_ACTIVE):
                if not radio.is_checked():
                    self._press("Space")
                assert radio.is_checked()
                return
            self._press("ArrowDown")
        raise AssertionError(f"arrow keys never reached {radio}")

    def tick(self, checkbox) -> None:
        self.focus(checkbox)
        if not checkbox.is_checked():
            self._press("Space")
        assert checkbox.is_checked()

    def select(self, select, label: str) -> None:
        self.focus(select)
        labels = select.evaluate("el => Array.from(el.options).map(o => o.text.trim())")
        target = labels.index(label)
        current = select.evaluate("el => el.selectedIndex")
        key = "ArrowDown" if target > current else "ArrowUp"
        for _ in range(abs(target - current)):
            self._press(key)
        assert select.evaluate("el => el.selectedIndex") == target, f"could not choose {label}"

    def click(self, locator) -> None:
        self.focus(locator)
        self._press("Enter")

    def upload(self, file_input, path) -> None:
        self.focus(file_input)
        # Under a loaded machine Chromium now and then drops the first Space on a file input
        # (seen with 156.0.8078.108); a person would press it again, so the driver does too.
        for _ in range(3):
            try:
                with self.page.expect_file_chooser(timeout=5_000) as chooser:
                    self._press("Space")
            except PlaywrightTimeoutError:
                assert file_input.evaluate(IS_ACTIVE), "focus left the file input"
                continue
            chooser.value.set_files(str(path))
            return
        raise AssertionError(f"Space on {file_input} never opened the file chooser")
