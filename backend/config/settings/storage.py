"""S3 object storage (boto3); a local S3-compatible server in development and tests."""

from .env import env

S3_ENDPOINT_URL = env.str("S3_ENDPOINT_URL", default="") or None
S3_BUCKET = env.str("S3_BUCKET", default="alva-files")
AWS_REGION = env.str("AWS_REGION", default="us-east-1")
