"""The receipt INSERT, in a module free of Django: the receiver runs it, and so does the framework-free
baseline of `make bench` (bench/baseline_wsgi.py), which must do exactly the receiver's durable work.

`{schema}` is quoted in by psycopg's `sql` module; the conflict clause is the idempotency rule
(one accepted receipt per endpoint and key), whose RETURNING row is missing for a duplicate.
"""

INSERT_RECEIPT = """
    INSERT INTO {schema}.ingest_webhookcall
        (id, received_at, slug, bundle_id, outcome, status_code, error_code, error_message,
         idempotency_key, payload, remote_ip, is_test)
    VALUES (%s, clock_timestamp(), %s, %s, %s, %s, %s, %s, %s, %s::jsonb, %s, %s)
    ON CONFLICT (bundle_id, idempotency_key) WHERE outcome = 'accepted' DO NOTHING
    RETURNING id"""
