"""The risk segments (toolkit 1.11) in plain Dutch, and how each is shown: on the worklist,
'Vandaag' and the tenancy page."""

from huurpad.core.segments import Segment

SEGMENT_LABELS = {
    Segment.NEW: "Nieuwe huurder",
    Segment.FIRST_TIME: "Eerste keer achter",
    Segment.OCCASIONAL: "Soms achter",
    Segment.FREQUENT: "Vaak achter",
    Segment.REGULAR: "Betaalt op tijd",
}
SEGMENT_STYLES = {
    Segment.NEW: "info",
    Segment.FIRST_TIME: "neutral",
    Segment.OCCASIONAL: "warning",
    Segment.FREQUENT: "danger",
    Segment.REGULAR: "success",
}
