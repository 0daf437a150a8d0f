# syntax=docker/dockerfile:1
# Dalal production image: the built web app plus the backend, run as a non-root user.
#   docker build -t dalal .
#   docker run -p 8000:8000 dalal                  # embedded SQLite under /app/var
#   docker compose up                              # production shape (see docker-compose.yml)

# ---------------------------------------------------------------- stage 1: the web app
FROM node:20-bookworm-slim AS frontend
WORKDIR /build/frontend
# Dependencies first, so editing the sources does not reinstall node_modules.
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
# The schema sits next to frontend/ as in the repository, for codegen that reads ../schema.graphql.
COPY schema.graphql /build/schema.graphql
COPY frontend/ ./
RUN npm run build

# ---------------------------------------------------------------- stage 2: the backend
FROM python:3.11-slim-bookworm AS runtime

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore

RUN groupadd --system --gid 10001 dalal \
    && useradd --system --uid 10001 --gid dalal --home-dir /app --no-create-home \
       --shell /usr/sbin/nologin dalal

# Pinned dependencies first (their own layer), then the package itself without resolving again.
# backend/ is copied alone under /src: its pyproject names readme "../README.md", which
# setuptools refuses to read from outside the project when the file is there (and skips when not).
WORKDIR /src
COPY backend/requirements.lock backend/requirements.lock
RUN pip install --no-cache-dir -r backend/requirements.lock
COPY backend/ backend/
RUN pip install --no-cache-dir --no-deps ./backend \
    && rm -rf /src

WORKDIR /app
# `dalal migrate` finds /app/alembic.ini from the working directory; it points at /app/migrations.
COPY alembic.ini ./alembic.ini
COPY migrations/ ./migrations/
COPY --from=frontend /build/frontend/dist/ ./frontend/dist/
RUN mkdir -p /app/var && chown dalal:dalal /app/var

ENV DALAL_FRONTEND_DIST=/app/frontend/dist \
    DALAL_VAR_DIR=/app/var \
    DALAL_HOST=0.0.0.0 \
    DALAL_PORT=8000

USER dalal:dalal
EXPOSE 8000

# Liveness only (the process answers); docker-compose.yml checks /readyz for the api service.
# The slim image has no curl, so Python does the request; any error or non-2xx exits non-zero.
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]

CMD ["dalal", "serve", "--host", "0.0.0.0", "--port", "8000"]
