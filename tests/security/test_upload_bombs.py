"""Files built to exhaust whoever opens them, through the real admin upload views as Board staff: a 1 MB XLSX that
inflates to 1 GiB, an archive compressed a thousandfold, one of thousands of entries, one whose directory lies about
its sizes, a DOCX with "billion laughs" XML entities, a GIF of many large frames. Each is refused with a Vietnamese
message and nothing is stored; real Office files and animated images still pass."""

import io
import re
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image

from tests.security.test_uploads import add_document, board_client, upload  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db

CHECKOUT = Path(__file__).resolve().parents[2]
MIB = 1024 * 1024
CRC_OF_1_GIB_OF_ZEROS = 1533330096  # zlib.crc32(bytes(2**30)): seconds to compute, so written down


def deflated_zeros(mib):
    """Raw deflate of `mib` MiB of zeros in milliseconds: after a sync flush the compressor's state repeats, so the
    compressed form of each further MiB is the same bytes."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = compressor.compress(bytes(MIB)) + compressor.flush(zlib.Z_SYNC_FLUSH)
    repeated = compressor.compress(bytes(MIB)) + compressor.flush(zlib.Z_SYNC_FLUSH)
    return first + repeated * (mib - 1) + compressor.flush()


def raw_zip(entries):
    """A ZIP written by hand, as a bomb's maker would: entries are (name, deflated data, CRC, declared size)."""
    out, central = io.BytesIO(), []
    for name, data, crc, size in entries:
        offset, encoded = out.tell(), name.encode()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(data), size, len(encoded), 0))
        out.write(encoded + data)
        central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, crc, len(data), size,
                                   len(encoded), 0, 0, 0, 0, 0, offset) + encoded)
    directory, start = b"".join(central), out.tell()
    out.write(directory)
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(directory), start, 0))
    return out.getvalue()


def office_file(parts):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


CONTENT_TYPES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                 '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10 if n > 1 else "&lol;" * 10}">' for n in range(1, 10))
    + ']>\n<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    '<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>'
)
UNPARSABLE_LAUGHS = BILLION_LAUGHS.replace("[<!ENTITY", "[<!ELEMENT broken><!ENTITY")  # stops a strict parser early
EXTERNAL_ENTITY = ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
                   '<x:worksheet xmlns:x="urn:x">&xxe;</x:worksheet>')


@pytest.fixture(scope="module")
def gigabyte_bomb():
    return raw_zip([("xl/worksheets/sheet1.xml", deflated_zeros(1024), CRC_OF_1_GIB_OF_ZEROS, 1024 * MIB)])


def refused(response, message):
    assert response.status_code == 200
    text = re.sub(r"\s+", " ", response.content.decode())
    assert message in text, text[:3000]
    assert not Document.objects.exists()


@pytest.mark.parametrize("name", ["bao-cao.xlsx", "ke-hoach.docx", "tai-lieu.zip"])
def test_an_archive_inflating_to_a_gigabyte_is_refused(board_client, gigabyte_bomb, name):  # noqa: F811
    assert len(gigabyte_bomb) < 1.1 * MIB
    refused(add_document(board_client, name, gigabyte_bomb), "khi giải nén lên tới 1,0 GB")


def test_the_bomb_is_refused_by_the_multiple_upload_too(board_client, gigabyte_bomb):  # noqa: F811
    response = board_client.post("/admin/documents/multiple/add/",
                                 {"files[]": upload("bao-cao.xlsx", gigabyte_bomb), "collection": 1})
    answer = response.json()
    assert answer["success"] is False and "bom nén" in answer["error_message"]
    assert not Document.objects.exists()


def test_an_entry_compressed_more_than_the_ratio_allows_is_refused(board_client):  # noqa: F811
    data = deflated_zeros(50)  # 50 MiB in about 50 KB: under the size limit, a thousandfold compressed
    bomb = raw_zip([("word/document.xml", data, zlib.crc32(bytes(50 * MIB)), 50 * MIB)])
    refused(add_document(board_client, "ke-hoach.docx", bomb), "bị nén quá mức (hơn 100 lần)")


def test_an_archive_of_thousands_of_entries_is_refused(board_client):  # noqa: F811
    crowded = office_file({f"a/{n}.txt": "" for n in range(2001)})
    refused(add_document(board_client, "tai-lieu.zip", crowded), "quá nhiều thành phần (2001, tối đa 2000)")


def test_an_archive_whose_directory_understates_an_entry_is_refused(board_client):  # noqa: F811
    """It declares 1 KB (with the CRC of that first KB), but its data inflates to 20 MiB: a reader that trusts the
    data, not the directory, would get all of it."""
    liar = raw_zip([("xl/worksheets/sheet1.xml", deflated_zeros(20), zlib.crc32(bytes(1024)), 1024)])
    refused(add_document(board_client, "bao-cao.xlsx", liar), "bị hỏng hoặc dùng kiểu nén không đọc được")


@pytest.mark.parametrize(
    "name, parts",
    [("ke-hoach.docx", {"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": BILLION_LAUGHS}),
     ("bao-cao.xlsx", {"[Content_Types].xml": CONTENT_TYPES, "xl/worksheets/sheet1.xml": EXTERNAL_ENTITY}),
     ("bang-tinh.ods", {"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": BILLION_LAUGHS}),
     ("trinh-chieu.pptx", {"ppt/slides/slide1.xml": UNPARSABLE_LAUGHS})],
    ids=["billion-laughs-docx", "external-entity-xlsx", "billion-laughs-ods", "unparsable-pptx"],
)
def test_office_files_with_xml_entities_are_refused(board_client, settings, name, parts):  # noqa: F811
    settings.WAGTAILDOCS_EXTENSIONS = [*settings.WAGTAILDOCS_EXTENSIONS, "ods"]
    refused(add_document(board_client, name, office_file(parts)), "chứa khai báo thực thể XML")


def test_a_real_office_file_is_accepted(board_client):  # noqa: F811
    parts = {"[Content_Types].xml": CONTENT_TYPES,
             "_rels/.rels": '<?xml version="1.0"?><Relationships xmlns="urn:r"/>',
             "word/document.xml": '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="urn:w"><w:body>'
                                  + "<w:p><w:r><w:t>Kế hoạch hoạt động năm 2026 của CLB</w:t></w:r></w:p>" * 2000
                                  + "</w:body></w:document>",
             "word/media/anh.png": bytes(range(256)) * 400}
    assert add_document(board_client, "ke-hoach.docx", office_file(parts)).status_code == 302
    assert Document.objects.count() == 1


def gif(frames, size):
    images = [PILImage.new("P", size, n % 200) for n in range(frames)]
    buffer = io.BytesIO()
    images[0].save(buffer, "GIF", save_all=True, append_images=images[1:], duration=100, loop=0)
    return buffer.getvalue()


@pytest.mark.parametrize("url", ["/admin/images/add/", "/admin/images/multiple/add/"])
def test_a_gif_of_many_large_frames_is_refused(board_client, url):  # noqa: F811
    content = gif(12, (2000, 2000))  # 4 megapixels a frame passes alone; 48 in all does not
    assert len(content) < 1 * MIB
    field = "files[]" if "multiple" in url else "file"
    response = board_client.post(url, {"title": "Ảnh động", field: upload("anh-dong.gif", content), "collection": 1})
    text = response.json()["error_message"] if "multiple" in url else response.content.decode()
    assert "Ảnh có 48,0 triệu điểm ảnh trên 12 khung hình, vượt giới hạn 40,0 triệu" in text
    assert not Image.objects.exists()


def test_a_small_animated_gif_is_accepted(board_client):  # noqa: F811
    content = gif(5, (64, 48))
    response = board_client.post("/admin/images/add/", {"title": "Ảnh", "file": upload("anh.gif", content),
                                                        "collection": 1})
    assert response.status_code == 302 and Image.objects.count() == 1


def test_nothing_in_the_project_parses_xml_with_the_standard_library():
    """defusedxml where XML is parsed (openpyxl uses it by itself once installed); a new parser must go through it."""
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML
    unsafe = re.compile(r"xml\.etree|xml\.dom|minidom|xml\.sax\.(make_parser|parse)|lxml|expat|load_workbook")
    found = [
        f"{path.relative_to(CHECKOUT)}:{number}"
        for folder in ("site", "clubs", "training", "events", "scripts")
        for path in (CHECKOUT / folder).rglob("*.py")
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if unsafe.search(line)
    ]
    assert found == []


@pytest.mark.parametrize("url", ["/admin/documents/multiple/add/", "/admin/images/multiple/add/"])
def test_the_upload_widgets_own_size_check_speaks_vietnamese(board_client, url):  # noqa: F811
    """The widget refuses a file over the limit in the browser with the form's text (Wagtail's has no Vietnamese);
    tests/browser/test_upload_widget.py watches it there."""
    html = board_client.get(url).content.decode().replace("\xa0", " ")  # filesizeformat's no-break space
    assert '"maxFileSize": "Tệp quá lớn: mỗi tệp tối đa 10,0 MB."' in html  # the widget's data-messages
    assert "This file is too big" not in html
