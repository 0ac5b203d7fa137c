"""The data a page carries for its scripts: the Next.js flight payload and JSON-LD chart blocks.

The payload holds every model with its exact figures (it decides values, and who is on a board
when the page shows no table); the charts fill what is still empty and cross-check the rest.
"""

from .flight import json_scripts_text, model_records, payload_text, record_key
from .jsonld import dataset_facts
from .keys import key_drift
from .records import PAYLOAD_FIELDS, payload_board, payload_values

__all__ = ["PAYLOAD_FIELDS", "dataset_facts", "json_scripts_text", "key_drift", "model_records", "payload_board", "payload_text",
           "payload_values", "record_key"]
