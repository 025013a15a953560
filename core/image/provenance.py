"""The provenance note written into restored files: which software, task and model made them.

It goes where each format keeps such notes: XMP (xmp:CreatorTool and aknet:Task / aknet:Model, added to a
source's XMP as a description of its own, so nothing the source said is changed), PNG tEXt 'Software' and
'Comment', the JPEG comment (COM), and TIFF Software (305) and ImageDescription (270, when the source has
none). A camera's EXIF is kept byte for byte, so the note is not written into it.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import quoteattr

from core import __version__

SOFTWARE = f"AKNet Studio {__version__}"
NAMESPACE = "https://github.com/aknet-studio/ns/1.0/"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"


@dataclass(frozen=True)
class Provenance:
    """What made a restored file: the task and the model (a weights file name, or 'classic')."""

    task: str
    model: str
    software: str = SOFTWARE

    @property
    def note(self) -> str:
        """One line for people, e.g. 'Restored with AKNet Studio 0.1.0: dehaze, model dehaze.safetensors'."""
        return f"Restored with {self.software}: {self.task}, model {self.model}"

    def description_xml(self) -> str:
        """An rdf:Description holding the note (for a source's XMP, or a new packet)."""
        return (
            f'<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:aknet="{NAMESPACE}" '
            f"xmp:CreatorTool={quoteattr(self.software)} aknet:Task={quoteattr(self.task)} "
            f"aknet:Model={quoteattr(self.model)}/>"
        )

    def xmp(self, source: bytes | None) -> bytes:
        """The source's XMP with the note added as a description of its own, or a new packet with the note."""
        description = self.description_xml().encode("utf-8")
        if source and b"aknet:Task=" not in source:
            end = source.rfind(b"</rdf:RDF>")
            if end >= 0:
                return source[:end] + description + source[end:]
        if source:
            return source  # restored again: the first note stays, unparsed XMP is never damaged
        return (
            b'<?xpacket begin="\xef\xbb\xbf" id="W5M0MpCehiHzreSzNTczkc9d"?>'
            b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="' + _RDF.encode() + b'">'
            + description
            + b'</rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
        )  # fmt: skip


def provenance_for(description: dict | None, task: str) -> Provenance:
    """The provenance of a result made by an engine (its `description`) for a task."""
    description = description or {}
    weights = description.get("weights")
    model = str(weights).replace("\\", "/").rsplit("/", 1)[-1] if weights else "classic (no network)"
    return Provenance(task, model)
