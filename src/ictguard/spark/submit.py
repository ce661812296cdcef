"""The ictguard command line as a spark-submit application (spark-submit runs a .py file, not a console script):

    spark-submit --master yarn … "$(python -c 'import ictguard.spark.submit as s; print(s.__file__)')" \\
        screen-file s3a://bucket/parties/*.parquet -o s3a://bucket/screened --engine spark

The session is spark-submit's (its master, its files); docs/scale.md has the set-ups.
"""

from __future__ import annotations

if __name__ == "__main__":
    from ictguard.cli import main

    main()
