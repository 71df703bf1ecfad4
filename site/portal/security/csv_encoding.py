"""Every CSV the portal sends is UTF-8 with a byte-order mark and says so (`text/csv; charset=utf-8`).

Excel guesses a CSV's encoding and, without the BOM, shows Vietnamese diacritics as mojibake; without the charset
a browser or a script may guess wrong too. Wagtail's own exports (every listing and report with list_export, the
quiet-clubs report's included) send neither, so the rule is one middleware, for every CSV response, whichever
view wrote it; a view that already wrote the BOM (training.exports) does not get a second one."""

import codecs

BOM = codecs.BOM_UTF8


def _with_bom(chunks):
    first = True
    for chunk in chunks:
        if first and chunk and not chunk.startswith(BOM):
            yield BOM
        first = first and not chunk
        yield chunk


class CsvUtf8Middleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        content_type = response.get("Content-Type", "")
        if not content_type.lower().startswith("text/csv"):
            return response
        if "charset=" not in content_type.lower():
            response["Content-Type"] = "text/csv; charset=utf-8"  # Django encodes str content with DEFAULT_CHARSET
        elif "charset=utf-8" not in content_type.lower().replace(" ", ""):
            return response  # another encoding was chosen on purpose: a UTF-8 BOM would be wrong there
        if response.streaming:
            response.streaming_content = _with_bom(response.streaming_content)
            if response.has_header("Content-Length"):
                del response["Content-Length"]  # unknown until the stream is read (the BOM may be there already)
        elif not response.content.startswith(BOM):
            response.content = BOM + response.content
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
        return response
