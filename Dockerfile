# Production image: the service only; PostgreSQL and real agency endpoints are configured
# through VERIFICATION_* variables (see deploy/verification.env.example).
FROM python:3.11-slim AS runtime

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
RUN useradd --system --uid 10001 --home /app verification
COPY pyproject.toml README.md alembic.ini ./
COPY services ./services
COPY connectors ./connectors
COPY migrations ./migrations
RUN pip install -e . && mkdir -p /app/var && chown verification /app/var

USER verification
ENV VERIFICATION_HOST=0.0.0.0 \
    VERIFICATION_MODE=production \
    VERIFICATION_EMBEDDED_MOCK_SOURCES=false \
    VERIFICATION_GENERATE_MISSING_KEYS=false \
    VERIFICATION_MIGRATIONS_DIR=/app/migrations
EXPOSE 8700
HEALTHCHECK CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8700/healthz')"
# migrations run as a separate step (`verification migrate`) with a role that may alter the schema
CMD ["python", "-m", "uvicorn", "--factory", "verification.app:create_app", "--host", "0.0.0.0", "--port", "8700", "--no-access-log"]
