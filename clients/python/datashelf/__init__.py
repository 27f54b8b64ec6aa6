"""A client for datashelf, the self-hosted dataset service: datasets, versions, datapoints,
imports and exports of files, diffs, evaluation runs."""

from .client import Client
from .errors import ConnectionError, DatashelfError
from .models import Change, Datapoint, Dataset, Evaluation, ImportResult, Run, Version

__all__ = ["Client", "ConnectionError", "DatashelfError", "Change", "Datapoint", "Dataset", "Evaluation",
           "ImportResult", "Run", "Version"]
__version__ = "0.1.0"
