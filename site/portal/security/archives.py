"""ZIP-based uploads (Office documents, OpenDocument, plain ZIP) inspected without extracting anything to disk.

A 1 MB file can inflate to gigabytes (a zip bomb), or carry XML whose nested entities expand to as much when any
program parses it ("billion laughs"). Before a document is stored:
- the central directory (zipfile's infolist, no data read) must declare at most UPLOAD_ARCHIVE_MAX_ENTRIES entries,
  UPLOAD_ARCHIVE_MAX_TOTAL_SIZE bytes once uncompressed, and no large entry compressed more than
  UPLOAD_ARCHIVE_MAX_RATIO to one;
- every entry's bytes are then inflated in memory, 1 MiB at a time, and must come to exactly the declared size and
  CRC: an archive whose directory understates what it holds (to pass the first check) is refused as damaged;
- in Office and OpenDocument files, each XML part's prologue is read with defusedxml, which refuses entity
  declarations and external references: Office writes neither, and nothing on this server ever expands one.
"""

import struct
import zipfile
import zlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

OFFICE = {"docx", "xlsx", "pptx", "odt", "ods", "odp"}
XML_PARTS = (".xml", ".rels", ".rdf", ".vml")
RATIO_FROM_SIZE = 1024 * 1024  # small parts (styles, settings) may compress far better without harm
CHUNK = 1024 * 1024
SNIFF_BYTES = 64 * 1024


def _refuse(message, code):
    raise ValidationError(message, code=code)


def _check_directory(entries, kind):
    max_entries, max_total = settings.UPLOAD_ARCHIVE_MAX_ENTRIES, settings.UPLOAD_ARCHIVE_MAX_TOTAL_SIZE
    max_ratio = settings.UPLOAD_ARCHIVE_MAX_RATIO
    if len(entries) > max_entries:
        _refuse(_("Tệp %(kind)s có quá nhiều thành phần (%(count)s, tối đa %(max)s): không nhận.")
                % {"kind": kind.upper(), "count": len(entries), "max": max_entries}, "archive_too_many_entries")
    total = sum(entry.file_size for entry in entries)
    if total > max_total:
        _refuse(_("Tệp %(kind)s khi giải nén lên tới %(size)s, vượt giới hạn %(max)s: không nhận tệp có thể là "
                  "bom nén. Hãy chia nhỏ tệp hoặc giảm dung lượng rồi tải lên lại.")
                % {"kind": kind.upper(), "size": filesizeformat(total), "max": filesizeformat(max_total)},
                "archive_too_large")
    for entry in entries:
        if entry.file_size > RATIO_FROM_SIZE and entry.file_size > max_ratio * max(entry.compress_size, 1):
            _refuse(_("Tệp %(kind)s có phần bị nén quá mức (hơn %(max)s lần): không nhận tệp có thể là bom nén.")
                    % {"kind": kind.upper(), "max": max_ratio}, "archive_ratio")


def _check_xml_prologue(archive, entry, kind):
    """Entities are declared in the DTD, before the root element: parse up to the first element, no further. A
    part that does not parse (a prefix left undeclared, say) is searched for a declaration instead."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, iterparse

    try:
        with archive.open(entry) as member:
            for _event in iterparse(member, events=("start",), forbid_dtd=False, forbid_entities=True,
                                    forbid_external=True):
                return
    except DefusedXmlException:
        pass
    except ParseError:
        with archive.open(entry) as member:
            if b"<!ENTITY" not in member.read(SNIFF_BYTES):
                return
    _refuse(_("Tệp %(kind)s chứa khai báo thực thể XML, thứ Word, Excel hay LibreOffice không bao giờ ghi và có "
              "thể làm treo máy người mở: hãy mở rồi lưu lại tệp bằng phần mềm văn phòng, sau đó tải lên.")
            % {"kind": kind.upper()}, "archive_xml_entities")


def _inflate_exactly(upload, archive, entry):
    """The entry's data inflates to its declared size and CRC, and no further. zipfile's own reader stops at the
    declared size, so stored and deflated entries (all Office writes) are inflated here from their raw bytes."""
    if entry.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        with archive.open(entry) as member:  # bzip2, lzma: zipfile's reader, which checks the CRC
            while member.read(CHUNK):
                pass
        return
    upload.seek(entry.header_offset)
    header = upload.read(30)
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        raise zipfile.BadZipFile("no local header")
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    upload.seek(entry.header_offset + 30 + name_length + extra_length)
    inflater = zlib.decompressobj(-zlib.MAX_WBITS) if entry.compress_type == zipfile.ZIP_DEFLATED else None
    left, produced, crc = entry.compress_size, 0, 0
    while left > 0:
        data = upload.read(min(CHUNK, left))
        if not data:
            raise zipfile.BadZipFile("truncated entry")
        left -= len(data)
        while data:
            out, data = (inflater.decompress(data, CHUNK), inflater.unconsumed_tail) if inflater else (data, b"")
            produced += len(out)
            if produced > entry.file_size:
                raise zipfile.BadZipFile("entry larger than declared")
            crc = zlib.crc32(out, crc)
    if produced != entry.file_size or crc != entry.CRC or (inflater and not inflater.eof):
        raise zipfile.BadZipFile("entry does not match its declared size or CRC")


def check_archive(upload, kind):
    """Refuse a ZIP-based upload that would inflate beyond the limits or hides XML entities; `kind` is its
    extension. The file is read in place (memory or Django's temporary file) and rewound."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            entries = archive.infolist()
            _check_directory(entries, kind)
            for entry in entries:
                if entry.is_dir() or entry.flag_bits & 0x1:  # an encrypted entry cannot be read (sizes checked)
                    continue
                if kind in OFFICE and entry.filename.lower().endswith(XML_PARTS):
                    _check_xml_prologue(archive, entry, kind)
                _inflate_exactly(upload, archive, entry)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError, OSError) as error:
        raise ValidationError(
            _("Tệp %(kind)s bị hỏng hoặc dùng kiểu nén không đọc được: hãy lưu hoặc nén lại tệp rồi tải lên.")
            % {"kind": kind.upper()}, code="archive_damaged",
        ) from error
    finally:
        upload.seek(0)
