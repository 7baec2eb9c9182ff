"""Stage output to records, and the records to JSONL, Parquet and tables."""
