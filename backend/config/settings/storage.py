"""S3 object storage (boto3); a local S3-compatible server in development and tests, and the catalog's file limits."""

from .env import env

# None in production (the AWS endpoint for AWS_REGION); moto's server in development and tests.
S3_ENDPOINT_URL = env.str("S3_ENDPOINT_URL", default="") or None
# The endpoint browsers reach for presigned URLs, when it differs from the one the API uses (a container
# network name, for example). Presigned URLs are signed for their host, so this is the one they are made with.
S3_PUBLIC_ENDPOINT_URL = env.str("S3_PUBLIC_ENDPOINT_URL", default="") or S3_ENDPOINT_URL
S3_BUCKET = env.str("S3_BUCKET", default="alva-files")
AWS_REGION = env.str("AWS_REGION", default="us-east-1")
# Every call to S3 is bounded; botocore's "standard" retry mode retries throttling and 5xx with backoff.
S3_CONNECT_TIMEOUT_SECONDS = env.float("S3_CONNECT_TIMEOUT_SECONDS", default=5.0)
S3_READ_TIMEOUT_SECONDS = env.float("S3_READ_TIMEOUT_SECONDS", default=30.0)
S3_MAX_ATTEMPTS = env.int("S3_MAX_ATTEMPTS", default=3)
# How long a browser may take to upload a file with the URLs it was handed (all parts are signed at once).
S3_UPLOAD_URL_TTL_SECONDS = env.int("S3_UPLOAD_URL_TTL_SECONDS", default=6 * 60 * 60)
# Download links are minted per click by the download page: short-lived, so a copied URL is soon useless.
S3_DOWNLOAD_URL_TTL_SECONDS = env.int("S3_DOWNLOAD_URL_TTL_SECONDS", default=60)

# Files up to the threshold upload with one presigned PUT, bigger ones with S3 multipart.
CATALOG_MULTIPART_THRESHOLD_BYTES = env.int("CATALOG_MULTIPART_THRESHOLD_BYTES", default=100 * 1024 * 1024)
# S3 wants at least 5 MiB for every part but the last, and at most 10,000 parts.
CATALOG_MULTIPART_PART_SIZE_BYTES = env.int("CATALOG_MULTIPART_PART_SIZE_BYTES", default=32 * 1024 * 1024)
CATALOG_MAX_FILE_SIZE_BYTES = env.int("CATALOG_MAX_FILE_SIZE_BYTES", default=5 * 1024 * 1024 * 1024)
