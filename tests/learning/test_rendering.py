"""Guide Markdown is rendered inert: hostile input asserted on the HTML that comes out."""

from html.parser import HTMLParser

import pytest

from learning.rendering import render_markdown


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes += [(tag, name, value) for name, value in attrs]


def elements(html: str) -> _Elements:
    parser = _Elements()
    parser.feed(html)
    return parser


def assert_inert(html: str) -> None:
    parsed = elements(html)
    assert "script" not in parsed.tags
    assert "iframe" not in parsed.tags
    assert "img" not in parsed.tags
    assert "style" not in parsed.tags
    assert [a for a in parsed.attributes if a[1].startswith("on")] == []
    assert [a for a in parsed.attributes if a[1] == "style"] == []
    for _tag, name, value in parsed.attributes:
        if name in ("href", "src"):
            assert value.lower().startswith(("https:", "http:", "mailto:")), value
    assert "<script" not in html.lower()


def test_render_markdown_keeps_ordinary_formatting():
    html = render_markdown("## Bands\n\n- **Band 5**: newly registered\n- *Band 6*")

    assert html == (
        "<h2>Bands</h2>\n<ul>\n<li><strong>Band 5</strong>: newly registered</li>\n"
        "<li><em>Band 6</em></li>\n</ul>"
    )


def test_render_markdown_links_get_noopener():
    html = render_markdown("[HCPC](https://www.hcpc-uk.org/)")

    assert html == ('<p><a href="https://www.hcpc-uk.org/" rel="noopener noreferrer">HCPC</a></p>')


def test_render_markdown_script_block_is_shown_as_text():
    html = render_markdown("<script>alert('x')</script>\n\nAfter.")

    assert_inert(html)
    assert html == "<p>&lt;script&gt;alert('x')&lt;/script&gt;</p>\n<p>After.</p>"


def test_render_markdown_event_handler_attribute_is_inert():
    html = render_markdown('Look <img src="x" onerror="alert(1)"> here')

    assert_inert(html)
    assert "<img" not in html


@pytest.mark.parametrize(
    "link",
    [
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[click](  javascript:alert(1))",
        "[click](java&#09;script:alert(1))",
        "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[click](vbscript:msgbox(1))",
        "<javascript:alert(1)>",
    ],
)
def test_render_markdown_dangerous_link_loses_its_href(link):
    html = render_markdown(link)

    assert_inert(html)
    assert "href=" not in html


def test_render_markdown_raw_html_block_is_not_passed_through():
    html = render_markdown(
        '<div onclick="steal()">\n<iframe src="https://evil.example"></iframe>\n</div>'
    )

    assert_inert(html)
    assert "<div" not in html
    assert "<iframe" not in html


@pytest.mark.parametrize(
    "source",
    [
        "<<script>script>alert(1)<</script>/script>",
        "<scr<script>ipt>alert(1)</scr</script>ipt>",
        "<svg><script>alert(1)</script></svg>",
        '<a href="javascript:alert(1)">x</a>',
        '[x](https://ok.example "title" onmouseover="alert(1)")',
        '![img](https://example.com/x.png" onerror="alert(1))',
        "<!-- <script>alert(1)</script> -->",
        "`<script>alert(1)</script>`",
        "<style>body{display:none}</style>",
        '**<span style="color:red" onclick="x()">bold</span>**',
    ],
)
def test_render_markdown_nested_tricks_are_inert(source):
    assert_inert(render_markdown(source))


def test_render_markdown_title_with_quotes_cannot_break_out_of_the_attribute():
    html = render_markdown('[x](https://ok.example "a\\" onclick=\\"alert(1)")')

    assert_inert(html)
