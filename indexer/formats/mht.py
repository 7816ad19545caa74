"""Web pages saved as one file (.mht/.mhtml, "网页，单个文件" in Internet Explorer, Word and WPS): a
MIME message whose text/html part is the page, quoted-printable or base64, in the charset the part
names. That part is read like any web page; its pictures and style sheets are left out."""

from __future__ import annotations

import email
import email.policy

from indexer.formats import Extracted, ReadError
from indexer.formats.html import GB_FAMILY, read_html

MIME_START = (b"mime-version:", b"from:", b"content-type:", b"subject:", b"date:", b"x-mimeole:")


def looks_like_mht(data: bytes) -> bool:
    head = data[:2048].lstrip().lower()
    return head.startswith(MIME_START) and b"multipart/related" in head


def read_mht(data: bytes) -> Extracted:
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    page = next((part for part in message.walk() if part.get_content_type() == "text/html"), None)
    if page is None:
        raise ReadError("MHT 文件中没有网页部分（text/html）：请用浏览器打开后另存为 .html (no web page in this .mht)")
    html = page.get_payload(decode=True) or b""
    charset = (page.get_content_charset() or "").lower()
    if charset:
        # The part's charset is the page's even when its <meta> says nothing; the reader then sees UTF-8.
        try:
            html = html.decode("gb18030" if charset in GB_FAMILY else charset).encode("utf-8")
        except (LookupError, UnicodeDecodeError):
            pass
    extracted = read_html(html)
    return Extracted(extracted.text, f"mht, {extracted.encoding}", extracted.hints, extracted.notes)
