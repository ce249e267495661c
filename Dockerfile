# The production image: the service (API, batch worker, migrations, mock agencies' command), built
# by scripts/stack-images.  Reproducible: every package is the locked one (requirements/runtime.txt,
# hashes checked) from a wheelhouse the host downloaded (.wheelhouse/), so the build itself needs
# no network; the project goes in as a normal (non-editable) wheel that carries its migrations,
# policies and templates, so nothing refers back to a source checkout. The social-insurance source
# (connectors/social_insurance) is a distribution of its own, installed after it the same way.
#   BASE_IMAGE: Debian bookworm with python3 (3.11), python3-venv, libpq5 and CA certificates
#   (scripts/stack-images makes verification-base:bookworm with mmdebstrap).
ARG BASE_IMAGE=verification-base:bookworm

FROM ${BASE_IMAGE} AS build
COPY . /src
RUN python3 -m venv /opt/verification \
    && /opt/verification/bin/pip install --quiet --no-cache-dir --no-index --find-links /src/.wheelhouse \
        --require-hashes --no-deps -r /src/requirements/runtime.txt \
    && /opt/verification/bin/pip install --quiet --no-cache-dir --no-index --no-deps \
        --no-build-isolation /src \
    && /opt/verification/bin/pip install --quiet --no-cache-dir --no-index --no-deps \
        --no-build-isolation /src/connectors/social_insurance \
    && /opt/verification/bin/pip uninstall --quiet --yes pip setuptools wheel \
    && find /opt/verification -name '__pycache__' -prune -exec rm -rf {} + \
    && /opt/verification/bin/python -m compileall -q -j 0 /opt/verification/lib >/dev/null

FROM ${BASE_IMAGE}
RUN useradd --system --uid 10001 --user-group --home-dir /var/lib/verification --create-home \
        --shell /usr/sbin/nologin verification
COPY --from=build /opt/verification /opt/verification
ENV PATH=/opt/verification/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    VERIFICATION_MODE=production \
    VERIFICATION_HOST=0.0.0.0 \
    VERIFICATION_PORT=8700 \
    VERIFICATION_DATA_DIR=/var/lib/verification \
    VERIFICATION_EMBEDDED_MOCK_SOURCES=false \
    VERIFICATION_GENERATE_MISSING_KEYS=false \
    VERIFICATION_LOG_FORMAT=json
USER verification
WORKDIR /var/lib/verification
EXPOSE 8700
# liveness of the API; compose gives the worker, the migration and the mock agencies their own
HEALTHCHECK --interval=5s --timeout=3s --start-period=30s --retries=3 \
    CMD ["python3", "-c", "import os, urllib.request; urllib.request.urlopen(f\"http://127.0.0.1:{os.environ['VERIFICATION_PORT']}/healthz\", timeout=2)"]
# production mode: starts only with its key files, the agencies' addresses and a migrated
# database without demo material in force (else exit 1 before writing anything)
CMD ["verification", "serve"]
