"""Scanned replies kept as pictures (.jpg, .png, a multi-page .tif from a scanner): each frame is a
page, OCR'd offline like a scanned PDF's pages (indexer.formats.ocr, the `ocr` extra)."""

from __future__ import annotations

import io

from indexer.formats import Extracted, ReadError

NO_TEXT = "图片格式的扫描件需要文字识别 (a scanned picture needs OCR)"


def frames(data: bytes) -> list:
    from PIL import Image, ImageSequence, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data))
        return [frame.copy() for frame in ImageSequence.Iterator(image)]
    except (UnidentifiedImageError, OSError, ValueError) as error:
        raise ReadError(f"无法打开图片：{error} (damaged or not a picture)") from error


def read_image(data: bytes, ocr: bool = True) -> Extracted:
    return read_images([data], ocr)


def read_images(pictures: list[bytes], ocr: bool = True) -> Extracted:
    """One reply from its pages' pictures, in order (a scan saved a picture a page, indexer.pages)."""
    if not ocr:
        raise ReadError(f"{NO_TEXT}；已关闭 OCR (OCR is switched off: DAFU_OCR)")
    from indexer.formats import ocr as ocr_reader

    ocr_reader.engine()  # without the extra this fails first, with the install hint
    rows, report = ocr_reader.ocr_images(frame for data in pictures for frame in frames(data))
    if not any(rows):
        raise ReadError(f"{NO_TEXT}；OCR 没有识别出文字 (OCR found no text in the picture)")
    return Extracted(text="\n\n".join(ocr_reader.paragraphs(rows)), encoding="image+ocr",
                     notes=(ocr_reader.ocr_note(report),), ocr=report)
