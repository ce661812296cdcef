"""Apache Spark engine (``--engine spark``): batch screening and conn-log audits on a cluster.

An adapter around the core, like cli/: nothing in the core imports it, and pyspark is imported only inside
these modules' functions, so ictguard without the ``spark`` extra still imports and runs. ``session`` opens
(and always stops) the SparkSession and ships the running ictguard package to the executors; ``screen``
screens a table with the screener built once on the driver and broadcast; ``flows`` reads conn logs in
line-aligned splits on the executors and aggregates them into the same observations as the local readers.
"""
