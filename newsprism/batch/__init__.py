"""The batch runner: the local pipeline's stages on Dask, with Parquet outputs.

``newsprism batch INPUTS... --out DIR`` reads sharded inputs (pages, WARC, JSONL, CSV,
Parquet), runs ingest → clean → copy detection → stories → extraction on a Dask
cluster (a LocalCluster when no scheduler is given), writes Parquet tables with
the export contract's columns, and resumes an interrupted run shard by shard.
See docs/cluster.md (what runs where) and docs/performance.md (figures).
"""

from newsprism.batch.inputs import Shard, plan_shards, read_parquet
from newsprism.batch.outputs import OUTPUT_TABLES
from newsprism.batch.runner import BatchConfig, BatchReport, dask_client, run_batch

__all__ = [
    "OUTPUT_TABLES",
    "BatchConfig",
    "BatchReport",
    "Shard",
    "dask_client",
    "plan_shards",
    "read_parquet",
    "run_batch",
]
