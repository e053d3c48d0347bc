"""The field extractors, one module per field (ministries, people, meetings, agenda,
policies, tables); this module gathers their entry points under their old names."""

from .agenda import extract_agenda_items
from .document import Document, flat
from .meetings import extract_meeting, find_meetings
from .ministries import (
    extract_ministries,
    find_ministry_mentions,
    ministry_windows_allow,
    resolve_ministry,
)
from .people import extract_people
from .policies import extract_policies
from .tables import extract_amounts, extract_tables

__all__ = [
    "Document",
    "extract_agenda_items",
    "extract_amounts",
    "extract_meeting",
    "extract_ministries",
    "extract_people",
    "extract_policies",
    "extract_tables",
    "find_meetings",
    "find_ministry_mentions",
    "flat",
    "ministry_windows_allow",
    "resolve_ministry",
]
