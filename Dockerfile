FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
# Pango, HarfBuzz and a font: WeasyPrint loads them at run time for the PDF record.
RUN apt-get update && apt-get install -y --no-install-recommends gettext \
       libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 1000 brobygning
WORKDIR /app
# The dependencies, in a layer of their own (rebuilt only when pyproject.toml changes).
# `pip install .` installs only them: the project is no package ([tool.setuptools]
# packages = []), its code runs from /app. scripts/production-smoke does the same.
COPY pyproject.toml README.md ./
RUN pip install --no-cache-dir .
COPY . .
RUN deploy/build-static && mkdir -p var && chown -R brobygning /app/var
USER brobygning
EXPOSE 8000
# The process command lines live in deploy/ (shared with docker-compose.yml and CI).
CMD ["deploy/web"]
