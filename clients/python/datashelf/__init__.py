"""A client for datashelf, the self-hosted dataset service: datasets, versions, datapoints,
imports and exports of files, diffs, evaluation runs."""

from ._version import __version__
from .client import Client
from .errors import ConnectionError, DatashelfError
from .models import Attachment, Change, Datapoint, Dataset, Evaluation, ImportResult, Run, Version

__all__ = ["__version__", "Attachment", "Client", "ConnectionError", "DatashelfError", "Change", "Datapoint", "Dataset", "Evaluation",
           "ImportResult", "Run", "Version"]
