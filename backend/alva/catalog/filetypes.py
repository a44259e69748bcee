"""What a file is (its category) and which names and types the catalog accepts."""

from __future__ import annotations

import mimetypes
import re
import unicodedata

from alva.catalog.models import FileCategory

MAX_FILENAME_LENGTH = 255
# Control characters, line/paragraph separators and lone surrogates (which PostgreSQL cannot store).
_FORBIDDEN_CATEGORIES = frozenset({"Cc", "Zl", "Zp", "Cs"})
# Bidirectional overrides make "cod.exe\u202efdp" look like a PDF; zero-width joiners stay allowed (emoji).
_BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
DEFAULT_CONTENT_TYPE = "application/octet-stream"

# A bare media type ("type/subtype"), as a browser's File.type gives it; it is signed into the upload URL.
_CONTENT_TYPE_RE = re.compile(r"^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$")

# Programs and scripts that run when opened: refused unless the store allows them (CatalogSettings).
SCRIPT_EXTENSIONS = frozenset(
    {
        "app", "apk", "appimage", "bash", "bat", "cjs", "cmd", "com", "command", "cpl", "csh", "deb", "dll", "dmg",
        "exe", "gadget", "hta", "inf", "ipa", "jar", "js", "jse", "ksh", "lnk", "mjs", "msc", "msi", "msp", "pif",
        "pkg", "ps1", "psd1", "psm1", "reg", "rpm", "run", "scf", "scr", "sh", "vb", "vbe", "vbs", "workflow", "ws",
        "wsc", "wsf", "wsh", "zsh",
    }
)  # fmt: skip


def _by_extension(table: dict[FileCategory, str]) -> dict[str, FileCategory]:
    return {ext: category for category, extensions in table.items() for ext in extensions.split()}


_EXTENSION_CATEGORIES = _by_extension(
    {
        FileCategory.DOCUMENT: "pdf epub mobi azw azw3 doc docx odt rtf txt md csv tsv xls xlsx ods ppt pptx odp "
        "key pages numbers",
        FileCategory.IMAGE: "jpg jpeg png gif webp avif svg tif tiff bmp heic heif psd ai eps ico dng cr2 cr3 nef "
        "arw raf orf",
        FileCategory.AUDIO: "mp3 wav flac aac m4a ogg oga opus aif aiff wma mid midi",
        FileCategory.VIDEO: "mp4 m4v mov avi mkv webm wmv mpg mpeg flv 3gp ogv",
        FileCategory.ARCHIVE: "zip rar 7z tar gz tgz bz2 tbz2 xz txz zst",
    }
)

_CONTENT_TYPE_CATEGORIES: dict[str, FileCategory] = {
    "application/pdf": FileCategory.DOCUMENT,
    "application/epub+zip": FileCategory.DOCUMENT,
    "application/msword": FileCategory.DOCUMENT,
    "application/rtf": FileCategory.DOCUMENT,
    "application/vnd.ms-excel": FileCategory.DOCUMENT,
    "application/vnd.ms-powerpoint": FileCategory.DOCUMENT,
    "application/zip": FileCategory.ARCHIVE,
    "application/x-zip-compressed": FileCategory.ARCHIVE,
    "application/x-7z-compressed": FileCategory.ARCHIVE,
    "application/vnd.rar": FileCategory.ARCHIVE,
    "application/x-rar-compressed": FileCategory.ARCHIVE,
    "application/x-tar": FileCategory.ARCHIVE,
    "application/gzip": FileCategory.ARCHIVE,
    "application/x-gzip": FileCategory.ARCHIVE,
    "application/x-bzip2": FileCategory.ARCHIVE,
    "application/x-xz": FileCategory.ARCHIVE,
    "application/zstd": FileCategory.ARCHIVE,
}
_CONTENT_TYPE_PREFIX_CATEGORIES: tuple[tuple[str, FileCategory], ...] = (
    ("image/", FileCategory.IMAGE),
    ("audio/", FileCategory.AUDIO),
    ("video/", FileCategory.VIDEO),
    ("text/", FileCategory.DOCUMENT),
    ("application/vnd.openxmlformats-officedocument.", FileCategory.DOCUMENT),
    ("application/vnd.oasis.opendocument.", FileCategory.DOCUMENT),
)


def extension(filename: str) -> str:
    """Lower-case extension without the dot. Trailing dots and spaces are ignored, as Windows ignores them."""
    stem, dot, ext = filename.rstrip(". ").rpartition(".")
    return ext.lower() if dot and stem else ""


def file_category(*, filename: str, content_type: str) -> FileCategory:
    """The extension decides first (browsers often send application/octet-stream), then the media type."""
    ext = extension(filename)
    if ext in SCRIPT_EXTENSIONS:
        # Programs are never documents, whatever text/* type they come with.
        return FileCategory.OTHER
    by_extension = _EXTENSION_CATEGORIES.get(ext)
    if by_extension is not None:
        return by_extension
    content_type = content_type.lower()
    if content_type in _CONTENT_TYPE_CATEGORIES:
        return _CONTENT_TYPE_CATEGORIES[content_type]
    for prefix, category in _CONTENT_TYPE_PREFIX_CATEGORIES:
        if content_type.startswith(prefix):
            return category
    return FileCategory.OTHER


def normalise_filename(filename: str) -> str:
    return unicodedata.normalize("NFC", filename).strip()


def filename_errors(filename: str, *, allow_script_files: bool) -> list[str]:
    """Problems with an (already normalised) original file name; empty when it is acceptable."""
    if not filename:
        return ["Enter a file name."]
    if len(filename) > MAX_FILENAME_LENGTH:
        return [f"File names can be at most {MAX_FILENAME_LENGTH} characters long."]
    if "/" in filename or "\\" in filename:
        return ["File names cannot contain / or \\."]
    if any(unicodedata.category(char) in _FORBIDDEN_CATEGORIES or char in _BIDI_CONTROLS for char in filename):
        return ["File names cannot contain control characters."]
    if not filename.strip("."):
        return ["Enter a real file name."]
    ext = extension(filename)
    if ext in SCRIPT_EXTENSIONS and not allow_script_files:
        return [
            f".{ext} files are programs or scripts and are refused. "
            "An admin can allow them in Settings > Catalog (allow_script_files)."
        ]
    return []


def normalise_content_type(content_type: str, *, filename: str) -> str:
    """Lower-cased; guessed from the name when the browser gave none."""
    content_type = content_type.strip().lower()
    if content_type:
        return content_type
    guessed, _ = mimetypes.guess_type(filename, strict=False)
    return guessed or DEFAULT_CONTENT_TYPE


def content_type_errors(content_type: str) -> list[str]:
    if len(content_type) > 255 or not _CONTENT_TYPE_RE.match(content_type):
        return ["Enter a media type such as application/pdf, without parameters."]
    return []
